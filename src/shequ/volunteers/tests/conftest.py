"""Fixtures for the volunteers app: residents with accounts, volunteers, a need, and
helpers to give someone points the way the app does (verified service hours)."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import Skill


def person(household, name="李四", role="resident", area=None):
    """A resident with a signed-in account linked to them."""
    r = factories.resident(household, name=name)
    u = factories.user(role, area or household_area(household))
    r.user = u
    r.save(update_fields=["user"])
    return r


def next_link(page: str) -> str:
    """The query string of a list page's "Next" button (the kit's keyset pager)."""
    return "?" + html.unescape(re.search(r'href="\?([^"]*)" rel="next"', page).group(1))


def household_area(household):
    from shequ.territory.models import Area
    return Area.objects.get(path=household.path)


@pytest.fixture
def place(tree):
    b1 = tree.household1.entrance.building
    b2 = tree.household2.entrance.building
    b1.lat, b1.lng = Decimal("31.208000"), Decimal("107.468000")
    b2.lat, b2.lng = Decimal("31.217000"), Decimal("107.468000")
    b1.save()
    b2.save()
    return tree


@pytest.fixture
def alice(place):
    return person(place.household1, "王芳")


@pytest.fixture
def bob(place):
    """Alice's family: same household."""
    return person(place.household1, "王强")


@pytest.fixture
def carol(place):
    """Another household of the same community."""
    return person(place.household2, "陈梅")


@pytest.fixture
def skill(db):
    return Skill.objects.get(code="elderly_care")


@pytest.fixture
def volunteer(alice, skill):
    return services.volunteer_register(actor=alice.user, resident=alice,
                                       skills={skill.pk: 2}, availability=(1 << 21) - 1)


@pytest.fixture
def need(staff, place, skill):
    start = timezone.now() + dt.timedelta(minutes=30)
    return services.need_create(actor=staff, title="陪独居老人聊天", community=place.community,
                                starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                skill=skill, building=place.household2.entrance.building,
                                people_needed=2)


@pytest.fixture
def earn(staff):
    """Give a resident ``hours`` of verified service: the only way points are earned."""
    counter = iter(range(1, 10_000))

    def give(resident, hours=1):
        vol = getattr(resident, "volunteer", None)
        if vol is None:
            vol = services.volunteer_register(actor=staff, resident=resident)
            resident.refresh_from_db()
        now = timezone.now()
        record = services.attendance_mark(
            actor=staff, volunteer=vol, source=f"test:{next(counter)}", title="服务",
            path=resident.path, check_in_at=now - dt.timedelta(hours=hours), check_out_at=now)
        _record, entry = services.record_verify(actor=staff, record=record)
        return entry

    return give
