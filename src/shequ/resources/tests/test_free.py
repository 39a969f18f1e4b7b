"""The "what is free" search agrees with the calendar: the one sorted pass over each
resource's bookings (epoch seconds, one text per resource on SQLite) finds the same free
stretches as the day-by-day availability, for many resources at once."""

import datetime as dt

import pytest

from shequ.resources import selectors
from shequ.resources.calendar import _sorted_pairs
from shequ.resources.models import Booking, BookingStatus
from shequ.testing import factories

from .conftest import at, make_resource


def book(user, resource, day, start, end, status=BookingStatus.CONFIRMED):
    """A booking written directly: many resources' calendars, one booker."""
    Booking.objects.create(resource=resource, booker=user, starts_at=at(day, start),
                           ends_at=at(day, end), path=resource.path, status=status,
                           checkin_token=f"t{Booking.objects.count()}")

pytestmark = pytest.mark.django_db


def test_free_search_matches_availability_across_resources(tree, staff, day):
    rooms = [make_resource(tree.community, name=f"场地{i:02d}") for i in range(60)]
    for i, r in enumerate(rooms):                 # a different day pattern per resource
        for k, start in enumerate((9, 12, 15, 19)):
            if (i + k) % 3:
                book(staff, r, day + dt.timedelta(days=k % 2), start, start + 1 + k % 2)
    found = selectors.free_search(selectors.resource_list(actor=staff), day,
                                  day + dt.timedelta(days=1), 60)
    assert len(found) == 60
    for r, hours, stretches in found:
        days = selectors.availability(r, day, day + dt.timedelta(days=1))
        free = [s for d in days for s in d.free if (s[1] - s[0]).total_seconds() >= 3600]
        assert stretches == free[:4], r.name
        assert hours == pytest.approx(sum((b - a).total_seconds() for a, b in free) / 3600)
    # most free time first
    assert [h for _r, h, _s in found] == sorted((h for _r, h, _s in found), reverse=True)


def test_a_shorter_minimum_finds_the_gaps_between_bookings(tree, staff, day):
    hall = make_resource(tree.community, name="大厅")
    book(staff, hall, day, 8, 10)
    book(staff, hall, day, 10, 11)                # back to back: no gap
    book(staff, hall, day, 11, 21, status=BookingStatus.NEGOTIATING)  # holds the slot too
    book(staff, hall, day, 21, 22, status=BookingStatus.REQUESTED)    # does not
    found = selectors.free_search([hall], day, day, 30)
    _r, hours, stretches = found[0]
    assert hours == 1 and [(a.hour, b.hour) for a, b in stretches] == [(21, 22)]
    assert selectors.free_search([hall], day, day, 90) == []


def test_pairs_out_of_order_are_sorted_by_start():
    assert _sorted_pairs([5, 6, 1, 2, 3, 4]) == [1, 2, 3, 4, 5, 6]
    assert _sorted_pairs([1, 2, 3, 4]) == [1, 2, 3, 4]


def test_an_unseen_resource_list_of_another_street_is_not_mixed_in(tree, staff, day):
    other = factories.Tree(prefix="8")
    make_resource(other.community, name="别处")
    mine = make_resource(tree.community, name="这里")
    assert [r for r, _h, _s in selectors.free_search(
        selectors.resource_list(actor=staff), day, day)] == [mine]


def test_a_limited_search_ranks_ids_and_makes_rows_only_for_those_shown(tree, staff, day):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(8):
        r = make_resource(tree.community, name=f"场地{i}")
        for h in range(8, 8 + i):                  # 场地0 is the freest, 场地7 the least
            book(staff, r, day, h, h + 1)
    qs = selectors.resource_list(actor=staff)
    whole = selectors.free_search(list(qs), day, day)
    with CaptureQueriesContext(connection) as ctx:
        top = selectors.free_search(qs, day, day, limit=3)
    assert len(ctx) == 5  # ids and names, hours, bookings, holidays, the three rows
    assert [(r.pk, h, s) for r, h, s in top] == [(r.pk, h, s) for r, h, s in whole[:3]]
    assert [r.name for r, _h, _s in top] == ["场地0", "场地1", "场地2"]
    assert top[0][0].community.name == tree.community.name  # rows come with their community
