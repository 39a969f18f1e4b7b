"""Fixtures of the online party branch: a community committee with two branches, members
with accounts in the first, and a branch in another district (out of the staff's sight)."""

import datetime as dt

import pytest

from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.registry import services as registry_services
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person


def make_org(tree, kind, name, parent=None, area=None):
    return org_services.party_org_create(actor=SYSTEM, kind=kind, name=name,
                                         area=area or tree.community, parent=parent)


def make_member(household, name, org, role="party_member"):
    r = person(household, name, role=role)
    return registry_services.party_member_create(actor=SYSTEM, resident=r, org=org,
                                                 joined_on=dt.date(2010, 7, 1))


@pytest.fixture
def orgs(tree):
    district = make_org(tree, "district_committee", "区委", area=tree.district)
    street = make_org(tree, "street_working_committee", "街道党工委", district, tree.street)
    community = make_org(tree, "community_committee", "社区党委", street)
    return {"community": community,
            "a": make_org(tree, "branch", "金竹苑党支部", community),
            "b": make_org(tree, "branch", "翠屏党支部", community)}


@pytest.fixture
def member(tree, orgs):
    return make_member(tree.household1, "党员甲", orgs["a"])


@pytest.fixture
def colleague(tree, orgs):
    return make_member(tree.household2, "党员乙", orgs["a"])


@pytest.fixture
def other_member(tree, orgs):
    return make_member(tree.household2, "党员丙", orgs["b"])


@pytest.fixture
def far(db):
    """A branch and its member in another district."""
    t = factories.Tree()
    district = make_org(t, "district_committee", "外区委", area=t.district)
    street = make_org(t, "street_working_committee", "外街道", district, t.street)
    community = make_org(t, "community_committee", "外社区党委", street)
    branch = make_org(t, "branch", "外支部", community)
    return {"tree": t, "branch": branch, "member": make_member(t.household1, "外党员", branch),
            "staff": factories.user("community_staff", t.community)}


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)
