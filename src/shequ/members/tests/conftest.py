"""Fixtures for 党员联管: a unit, party organisations (one a fallback), in-service members
living in the tree's community, and a service post."""

import datetime as dt

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.validators import uscc_check_char
from shequ.organizations import services as org_services
from shequ.registry import services as registry_services
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person


def code(n: int) -> str:
    body = f"91511703MA{n:07d}"
    return body + uscc_check_char(body)


@pytest.fixture
def unit(tree):
    return org_services.unit_create(actor=SYSTEM, name="达川区税务局", credit_code=code(1),
                                    kind="agency", area=tree.community)


@pytest.fixture
def orgs(tree):
    district = org_services.party_org_create(actor=SYSTEM, kind="district_committee",
                                             name="区委", area=tree.district)
    street = org_services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                           name="街道党工委", area=tree.street, parent=district)
    community = org_services.party_org_create(actor=SYSTEM, kind="community_committee",
                                              name="社区党委", area=tree.community, parent=street)
    fallback = org_services.party_org_create(actor=SYSTEM, kind="branch", name="兜底党支部",
                                             area=tree.community, parent=community,
                                             is_fallback=True)
    return {"community": community, "fallback": fallback}


def make_member(household, name, org, unit=None, role="party_member"):
    r = person(household, name, role=role)
    m = registry_services.party_member_create(actor=SYSTEM, resident=r, org=org,
                                              joined_on=dt.date(2010, 7, 1), unit=unit)
    return m


@pytest.fixture
def member(tree, orgs, unit):
    return make_member(tree.household1, "党员甲", orgs["community"], unit)


@pytest.fixture
def colleague(tree, orgs, unit):
    return make_member(tree.household2, "党员乙", orgs["community"], unit)


@pytest.fixture
def post(tree, staff):
    from shequ.members import services
    return services.post_create(actor=staff, community=tree.community, name="政策宣传")


@pytest.fixture
def liaison(unit, staff):
    from shequ.members import services
    u = factories.user("unit_liaison", unit.area)
    services.liaison_add(actor=staff, user=u, unit=unit)
    return u
