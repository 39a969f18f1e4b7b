"""Fixtures for branches: the party tree of the test district down to a branch at grid 1
with a 党小组, a second branch at grid 2, three full members (one in the group, one with an
account), a member of the other branch with an account, and staff at each level."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.registry import services as registry_services
from shequ.testing import factories


def _member(household, org, name, area=None):
    r = factories.resident(household, name=name)
    if area is not None:
        r.user = factories.user(Role.PARTY_MEMBER, area)
        r.save(update_fields=["user"])
    return registry_services.party_member_create(actor=SYSTEM, resident=r, org=org,
                                                 joined_on=dt.date(2010, 7, 1))


@pytest.fixture
def party(tree):
    def org(kind, name, area, parent=None):
        return org_services.party_org_create(actor=SYSTEM, kind=kind, name=name, area=area,
                                             parent=parent)
    district = org("district_committee", "区委", tree.district)
    street = org("street_working_committee", "街道党工委", tree.street, district)
    committee = org("community_committee", "社区党委", tree.community, street)
    branch = org("branch", "第一网格党支部", tree.grid1, committee)
    group = org("group", "第一党小组", tree.grid1, branch)
    other = org("branch", "第二网格党支部", tree.grid2, committee)
    me = _member(tree.household1, branch, "李党员", tree.community)
    m2 = _member(tree.household1, group, "赵党员")
    m3 = _member(tree.household1, branch, "钱党员")
    stranger = _member(tree.household2, other, "孙党员", tree.community)
    return SimpleNamespace(committee=committee, branch=branch, group=group, other=other,
                           me=me, m2=m2, m3=m3, stranger=stranger)


@pytest.fixture
def district_admin(tree):
    return factories.user(Role.DISTRICT_ADMIN, tree.district)


@pytest.fixture
def street_admin(tree):
    return factories.user(Role.STREET_ADMIN, tree.street)


@pytest.fixture
def supervisor(tree):
    return factories.user(Role.SUPERVISOR, tree.community)
