"""Booking services: who gets confirmed at once, every refusal, and the owner's priority
that negotiates instead of silently cancelling an earlier confirmed request."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.ledgers.models import Holiday
from shequ.resources import services
from shequ.resources.errors import ResourceErrorCode as E
from shequ.resources.errors import SlotTaken
from shequ.resources.models import Booking, BookingSeries, BookingStatus
from shequ.testing import factories

from .conftest import at, make_resource

pytestmark = pytest.mark.django_db


def book(actor, resource, day, start=9, end=11, **kw):
    return services.booking_request(actor=actor, resource=resource, starts_at=at(day, start),
                                    ends_at=at(day, end), **kw)


def test_a_residents_booking_is_a_request_and_the_owners_confirm_it(room, resident, delegate,
                                                                    day):
    # given a resident's request for the unit's meeting room
    b = book(resident, room, day)
    assert b.status == BookingStatus.REQUESTED
    # when the unit's delegate confirms it
    services.booking_confirm(actor=delegate, booking=b)
    # then it is confirmed, and the resident cannot confirm their own
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.CONFIRMED
    with pytest.raises(NotFound):
        services.booking_confirm(actor=resident, booking=book(resident, room, day, 12, 13))


def test_the_owners_own_booking_is_confirmed_at_once(room, hall, delegate, staff, day):
    assert book(delegate, room, day, unit=room.owner_unit).status == BookingStatus.CONFIRMED
    assert book(staff, hall, day).status == BookingStatus.CONFIRMED  # the community's own


@pytest.mark.parametrize(("start", "end", "code"), [
    (7, 9, E.OUTSIDE_HOURS), (21, 23, E.OUTSIDE_HOURS)])
def test_outside_opening_hours_is_refused(hall, resident, day, start, end, code):
    with pytest.raises(DomainError) as exc:
        book(resident, hall, day, start, end)
    assert exc.value.code == code and exc.value.field == "starts_at"
    assert not Booking.objects.exists()


def test_a_closed_weekday_and_a_public_holiday_are_refused(hall, resident, day):
    services.hours_set(actor=SYSTEM, resource=hall, hours={day.weekday(): None})
    with pytest.raises(DomainError) as exc:
        book(resident, hall, day)
    assert exc.value.code == E.CLOSED_DAY
    later = day + dt.timedelta(days=1)
    Holiday.objects.update_or_create(date=later, defaults={"is_workday": False})
    with pytest.raises(DomainError) as exc:
        book(resident, hall, later)
    assert exc.value.code == E.CLOSED_DAY and later.isoformat() in exc.value.message


def test_the_past_is_refused(hall, resident):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        book(resident, hall, yesterday)
    assert exc.value.code == E.IN_PAST


def test_over_capacity_is_refused(room, resident, day):
    with pytest.raises(DomainError) as exc:
        book(resident, room, day, attendees=13)
    assert exc.value.code == E.OVER_CAPACITY and exc.value.field == "attendees"


def test_over_the_units_monthly_quota_is_refused(tree, room, hall, member, delegate, day):
    member.monthly_quota_hours = 3
    member.save()
    book(delegate, hall, day, 9, 11, unit=member.unit)
    with pytest.raises(Conflict) as exc:
        book(delegate, hall, day, 12, 14, unit=member.unit)
    assert exc.value.code == E.OVER_QUOTA and exc.value.field == "unit"


def test_someone_who_may_not_book_is_refused(tree, hall, resident, day):
    # a staff-only resource refuses a resident
    hall.bookable_by = "staff"
    hall.save()
    with pytest.raises(Forbidden) as exc:
        book(resident, hall, day)
    assert exc.value.code == E.NOT_ALLOWED_TO_BOOK
    # a unit-only resource refuses a resident, and a stranger may not book for a unit
    hall.bookable_by = "units"
    hall.save()
    with pytest.raises(Forbidden):
        book(resident, hall, day)


def test_booking_for_a_unit_one_is_not_a_delegate_of_is_refused(hall, resident, unit, member,
                                                                day):
    with pytest.raises(Forbidden) as exc:
        book(resident, hall, day, unit=unit)
    assert exc.value.code == E.NOT_ALLOWED_TO_BOOK


def test_a_unit_of_the_platform_books_a_units_only_resource(hall, delegate, member, day):
    hall.bookable_by = "units"
    hall.save()
    assert book(delegate, hall, day, unit=member.unit).status == BookingStatus.REQUESTED


def test_overlapping_ones_own_booking_is_refused(hall, room, resident, day):
    book(resident, hall, day, 9, 11)
    with pytest.raises(Conflict) as exc:
        book(resident, room, day, 10, 12)
    assert exc.value.code == E.OWN_OVERLAP


def test_a_confirmed_booking_in_the_way_is_a_409_naming_it(hall, staff, resident, day):
    mine = book(staff, hall, day, 9, 11)
    with pytest.raises(SlotTaken) as exc:
        book(resident, hall, day, 10, 12)
    body = exc.value.as_dict()
    assert exc.value.status == 409 and body["code"] == "slot_taken"
    assert body["conflict"]["booking"] == mine.pk


def test_confirming_over_a_confirmed_booking_is_a_409(room, resident, other_resident,
                                                      delegate, day):
    a, b = book(resident, room, day), book(other_resident, room, day, 10, 12)
    services.booking_confirm(actor=delegate, booking=a)
    with pytest.raises(SlotTaken):
        services.booking_confirm(actor=delegate, booking=b)
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.REQUESTED


def test_owner_booking_over_an_earlier_confirmed_request_negotiates(room, resident, delegate,
                                                                    day):
    # given a resident's confirmed booking
    earlier = book(resident, room, day)
    services.booking_confirm(actor=delegate, booking=earlier)
    # when the owner books the same time
    owner = book(delegate, room, day, 10, 12, unit=room.owner_unit)
    # then the owner's booking waits and the earlier one stands
    assert owner.status == BookingStatus.NEGOTIATING
    assert Booking.objects.get(pk=earlier.pk).status == BookingStatus.CONFIRMED
    assert owner.negotiation.displaces_id == earlier.pk
    # the owner cannot accept for the earlier booker
    with pytest.raises(Conflict):
        services.booking_accept(actor=delegate, booking=owner)
    # when the earlier booker gives way
    services.booking_accept(actor=resident, booking=owner)
    assert Booking.objects.get(pk=owner.pk).status == BookingStatus.CONFIRMED
    earlier.refresh_from_db()
    assert earlier.status == BookingStatus.CANCELLED and earlier.reason


def test_an_expired_negotiation_confirms_the_owners_booking(room, resident, delegate, day):
    earlier = book(resident, room, day)
    services.booking_confirm(actor=delegate, booking=earlier)
    owner = book(delegate, room, day, 10, 12, unit=room.owner_unit)
    # nothing happens before the deadline
    assert services.negotiations_expire()["negotiations"] == 0
    done = services.negotiations_expire(now=owner.negotiation.deadline + dt.timedelta(seconds=1))
    assert done["negotiations"] == 1
    assert Booking.objects.get(pk=owner.pk).status == BookingStatus.CONFIRMED
    assert Booking.objects.get(pk=earlier.pk).status == BookingStatus.CANCELLED


def test_a_counter_proposal_is_accepted_by_the_booker(room, resident, delegate, day):
    b = book(resident, room, day)
    services.booking_propose(actor=delegate, booking=b, message="下午可以吗？",
                             starts_at=at(day, 14), ends_at=at(day, 16))
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.NEGOTIATING
    # the proposer cannot accept their own proposal
    with pytest.raises(Conflict) as exc:
        services.booking_accept(actor=delegate, booking=b)
    assert exc.value.code == E.NO_PROPOSAL
    services.booking_accept(actor=resident, booking=b)
    b.refresh_from_db()
    assert b.status == BookingStatus.CONFIRMED and b.starts_at == at(day, 14)


def test_decline_and_cancel_need_a_reason(room, resident, delegate, day):
    b = book(resident, room, day)
    with pytest.raises(DomainError) as exc:
        services.booking_decline(actor=delegate, booking=b, reason=" ")
    assert exc.value.field == "reason"
    services.booking_decline(actor=delegate, booking=b, reason="闭馆整理")
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.DECLINED
    c = book(resident, room, day, 12, 13)
    services.booking_cancel(actor=resident, booking=c, reason="改期")
    with pytest.raises(Conflict):
        services.booking_cancel(actor=resident, booking=c, reason="again")


def test_no_show_only_after_the_start(room, resident, delegate, day):
    b = book(resident, room, day)
    services.booking_confirm(actor=delegate, booking=b)
    with pytest.raises(Conflict):
        services.booking_no_show(actor=delegate, booking=b)
    Booking.objects.filter(pk=b.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    services.booking_no_show(actor=delegate, booking=b)
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.NO_SHOW


def test_weekly_series_with_exceptions(hall, staff, day):
    until = day + dt.timedelta(weeks=3)
    series = services.booking_series_create(
        actor=staff, resource=hall, starts_at=at(day, 18), ends_at=at(day, 20), until=until,
        skip=[day + dt.timedelta(weeks=1)])
    dates = [timezone.localtime(b.starts_at).date() for b in series.bookings.all()]
    assert dates == [day, day + dt.timedelta(weeks=2), day + dt.timedelta(weeks=3)]
    # one occurrence cancelled later is an exception; the others stand
    services.booking_cancel(actor=staff, booking=series.bookings.first(), reason="停电")
    assert series.bookings.filter(status=BookingStatus.CONFIRMED).count() == 2


def test_a_series_refused_on_one_date_writes_nothing(hall, staff, resident, day):
    taken = day + dt.timedelta(weeks=2)
    book(staff, hall, taken, 18, 20)
    with pytest.raises(SlotTaken) as exc:
        services.booking_series_create(actor=resident, resource=hall, starts_at=at(day, 18),
                                       ends_at=at(day, 20), until=day + dt.timedelta(weeks=3))
    assert taken.isoformat() in exc.value.message
    assert not BookingSeries.objects.exists()
    assert Booking.objects.filter(booker=resident).count() == 0


def test_a_resident_of_another_community_may_not_book(hall, day):
    other = factories.Tree(prefix="8")
    from shequ.volunteers.tests.conftest import person
    stranger = person(other.household1, "外社区居民").user
    with pytest.raises(Forbidden):
        book(stranger, hall, day)


def test_retired_resource_refuses_bookings_and_cancels_future_ones(hall, staff, resident, day):
    b = book(resident, hall, day)
    services.resource_retire(actor=staff, resource=hall, reason="场地改造")
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.CANCELLED
    with pytest.raises(Conflict) as exc:
        book(resident, hall, day, 12, 13)
    assert exc.value.code == E.RETIRED


def test_check_in_and_missed_check_in(tree, resident, day):
    r = make_resource(tree.community, name="乒乓球台", kind="equipment", requires_checkin=True)
    staff = factories.user("community_staff", tree.community)
    b = book(resident, r, day)
    services.booking_confirm(actor=staff, booking=b)
    Booking.objects.filter(pk=b.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2),
                                           ends_at=timezone.now() - dt.timedelta(hours=1))
    assert services.negotiations_expire()["no_shows"] == 1
    assert Booking.objects.get(pk=b.pk).status == BookingStatus.NO_SHOW
