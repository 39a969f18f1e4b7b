"""Booking a free slot on a 390×844 phone: a resident opens a meeting room's week, which is
one column on the phone (no sideways scroll), picks a day, books a free slot and sees the
request waiting for the owner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.ledgers.models import Holiday
from shequ.resources import services
from shequ.resources.models import Booking, BookingStatus
from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_resident_books_a_free_slot_on_a_phone(live_server, phone):
    # given a community hall open 08:00–22:00, one slot already taken, and a resident
    tree = factories.Tree()
    hall = services.resource_create(actor=SYSTEM, community=tree.community, name="社区活动室",
                                    kind="venue", capacity=20)
    services.hours_set(actor=SYSTEM, resource=hall,
                       hours={d: (dt.time(8), dt.time(22)) for d in range(7)})
    day = timezone.localdate() + dt.timedelta(days=5)
    while Holiday.objects.filter(date=day, is_workday=False).exists():
        day += dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    staff = factories.user("community_staff", tree.community)
    services.booking_request(actor=staff, resource=hall,
                             starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=tz),
                             ends_at=dt.datetime.combine(day, dt.time(11), tzinfo=tz))
    resident = factories.resident(tree.household1, name="王芳")
    resident.user = factories.user("resident", tree.grid1, username="wangfang")
    resident.save(update_fields=["user"])
    base, page = live_server.url, phone
    page.goto(base + "/login/")
    page.fill("input[name=username]", "wangfang")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(base + "/")
    # when they open the hall's week: seven days, one column, nothing off screen
    page.goto(f"{base}/resources/{hall.pk}/?view=week&date={day}")
    assert page.locator(".cal-day").count() == 7
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # and the day: the taken slot and the free ones are shown
    page.goto(f"{base}/resources/{hall.pk}/?view=day&date={day}")
    assert page.locator(".slot-busy").count() == 1
    assert page.locator(".slot-free").count() == 2
    # and they book 14:00–16:00, a free slot
    page.fill("input[name=starts_at]", f"{day}T14:00")
    page.fill("input[name=ends_at]", f"{day}T16:00")
    page.fill("input[name=attendees]", "8")
    page.fill("input[name=purpose]", "楼栋议事会")
    page.click("[data-testid=book]")
    page.wait_for_load_state()
    # then the booking page shows the request waiting for the owner
    assert page.locator("[data-testid=status]").inner_text() == "待确认"
    b = Booking.objects.get(booker=resident.user)
    assert b.status == BookingStatus.REQUESTED and timezone.localtime(b.starts_at).hour == 14
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
