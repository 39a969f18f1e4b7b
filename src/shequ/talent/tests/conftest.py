"""Fixtures of the talent tests: a unit of the community with a recruiter (a unit liaison),
residents with accounts in both grids (the buildings carry coordinates), and an open post
wanting 电工 and 驾驶 near the first building."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.validators import uscc_check_char
from shequ.organizations import services as org_services
from shequ.talent import matching, services
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person


def code(n: int) -> str:
    body = f"91511703MA{n:07d}"
    return body + uscc_check_char(body)


@pytest.fixture(autouse=True)
def _fresh_index():
    matching.forget()
    yield
    matching.forget()


@pytest.fixture
def unit(tree):
    return org_services.unit_create(actor=SYSTEM, name="达州电力公司", credit_code=code(11),
                                    kind="enterprise", area=tree.community)


@pytest.fixture
def recruiter(tree, unit):
    user = factories.user("unit_liaison", tree.community)
    services.recruiter_add(actor=SYSTEM, unit=unit, user=user)
    return user


@pytest.fixture
def located(tree):
    """Both buildings get coordinates ~1.1 km apart."""
    for hh, lat in ((tree.household1, "31.210000"), (tree.household2, "31.220000")):
        b = hh.entrance.building
        b.lat, b.lng = Decimal(lat), Decimal("107.500000")
        b.save(update_fields=["lat", "lng"])
    return tree


@pytest.fixture
def alice(tree):
    return person(tree.household1, "王电工")


@pytest.fixture
def bob(tree):
    return person(tree.household2, "李会计")


def post_fields(**kw) -> dict:
    data = {"title": "电工", "post_kind": "technical", "work_type": "full_time",
            "skills": "电工, 驾驶", "education": 3, "pay_min": 4000, "pay_max": 6000,
            "headcount": 2, "deadline": timezone.localdate() + dt.timedelta(days=30),
            "lat": "31.210000", "lng": "107.500000"}
    return data | kw


@pytest.fixture
def demand(unit):
    return services.demand_create(actor=SYSTEM, unit=unit, **post_fields())


def profile_fields(**kw) -> dict:
    data = {"skills": "电工,驾驶", "education": 3, "experience_years": 5,
            "wish_kinds": ["technical"], "wish_work_types": [], "wish_max_km": 10,
            "wish_pay_min": 3500}
    return data | kw


@pytest.fixture
def alice_profile(alice):
    return services.profile_save(actor=alice.user, resident=alice, consent=True,
                                 **profile_fields())


@pytest.fixture
def bob_profile(bob, staff):
    return services.profile_save(actor=staff, resident=bob, consent=True,
                                 consent_note="签字同意书 2026-12-01",
                                 **profile_fields(skills="会计", education=5))
