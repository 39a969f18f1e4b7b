"""Booking a shared resource. The owner's bookings are confirmed at once; everybody else's
are requests the owner confirms, declines or answers with another time (services/
negotiation.py). No two confirmed bookings of a resource overlap: the check below runs in
the same transaction as the write — serialised on SQLite (IMMEDIATE transactions), and on
PostgreSQL backed by the exclusion constraint, whose refusal becomes the same 409."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError
from shequ.core.freetext import clean_text
from shequ.core.retry import retry_when_locked

from ..errors import ResourceErrorCode, SlotTaken
from ..models import Booking, BookingSeries, BookingStatus, Negotiation, Resource
from ..policies import is_owner
from . import rules

NEGOTIATION_HOURS = 48
MAX_OCCURRENCES = 53


def taken_by(resource: Resource, starts_at, ends_at, exclude: int | None = None):
    """The confirmed bookings of ``resource`` overlapping the slot."""
    qs = rules.overlapping(Booking.objects.filter(resource=resource,
                                                  status=BookingStatus.CONFIRMED),
                           starts_at, ends_at)
    return qs.exclude(pk=exclude) if exclude else qs


def slot_taken(slot) -> SlotTaken:
    return SlotTaken(_("The slot is taken (%(start)s–%(end)s).")
                     % {"start": f"{rules.local(slot.starts_at):%m-%d %H:%M}",
                        "end": f"{rules.local(slot.ends_at):%H:%M}"}, slot=slot)


def save_confirmed(booking: Booking, fields: list[str]) -> None:
    """Write a booking as confirmed; the database's refusal of an overlap (PostgreSQL's
    exclusion constraint, a concurrent writer) is the 409 naming the booking in the way."""
    try:
        with transaction.atomic():
            if booking.pk is None:
                booking.save()
            else:
                booking.version += 1
                booking.save(update_fields=[*fields, "version"])
    except IntegrityError:
        other = taken_by(booking.resource, booking.starts_at, booking.ends_at,
                         exclude=booking.pk).first()
        raise (slot_taken(other) if other else Conflict(
            _("The slot is taken."), code=ResourceErrorCode.SLOT_TAKEN)) from None


def _check(actor, resource, starts_at, ends_at, attendees, unit, exclude=None):
    rules.check_booker(actor, resource, unit)
    rules.check_time(resource, starts_at, ends_at)
    rules.check_capacity(resource, int(attendees))
    rules.check_own_overlap(actor, starts_at, ends_at, exclude)
    rules.check_quota(unit, starts_at, ends_at, exclude)


def _book(*, actor, resource, starts_at, ends_at, attendees, purpose, unit, series=None
          ) -> Booking:
    _check(actor, resource, starts_at, ends_at, attendees, unit)
    owner = is_owner(actor, resource)
    row = Booking(resource=resource, booker=actor, unit=unit, starts_at=starts_at,
                  ends_at=ends_at, attendees=int(attendees), purpose=purpose, series=series,
                  by_owner=owner, path=resource.path, checkin_token=secrets.token_hex(16))
    in_the_way = list(taken_by(resource, starts_at, ends_at)[:2])
    if not owner:
        if in_the_way:
            raise slot_taken(in_the_way[0])
        row.status = BookingStatus.REQUESTED
        row.save()
    elif not in_the_way:
        row.status, row.decided_by = BookingStatus.CONFIRMED, user_of(actor)
        save_confirmed(row, [])
    elif len(in_the_way) == 1 and not in_the_way[0].by_owner:
        # The owner has priority, but an earlier confirmed request is not cancelled
        # silently: its booker is asked, and the owner's booking waits for the answer.
        row.status = BookingStatus.NEGOTIATING
        row.save()
        deadline = min(timezone.now() + dt.timedelta(hours=NEGOTIATION_HOURS), starts_at)
        Negotiation.objects.create(booking=row, displaces=in_the_way[0], deadline=deadline)
    else:
        raise slot_taken(in_the_way[0])
    return row


@retry_when_locked
@transaction.atomic
def booking_request(*, actor, resource: Resource, starts_at: dt.datetime,
                    ends_at: dt.datetime, attendees: int = 1, purpose: str = "",
                    unit=None) -> Booking:
    """Book a slot: confirmed at once for the resource's owner (or negotiating when it
    overlaps an earlier confirmed request), a request for everybody else. Refused outside
    the opening hours, on closed days, in the past, over capacity or quota, for someone who
    may not book it, over one's own booking, and over a confirmed booking (409 naming it)."""
    purpose = clean_text(purpose, field="purpose", model=Booking, single_line=True)
    resource = Resource.objects.select_related("owner_unit").get(pk=resource.pk)
    row = _book(actor=actor, resource=resource, starts_at=starts_at, ends_at=ends_at,
                attendees=attendees, purpose=purpose, unit=unit)
    audit.record(actor=actor, action="book", entity="booking", entity_id=row.pk,
                 summary=f"{resource.name} {rules.local(starts_at):%Y-%m-%d %H:%M}",
                 after={"status": row.status, "resource": resource.pk})
    return row


@retry_when_locked
@transaction.atomic
def booking_series_create(*, actor, resource: Resource, starts_at: dt.datetime,
                          ends_at: dt.datetime, until: dt.date, skip: list[dt.date] = (),
                          attendees: int = 1, purpose: str = "", unit=None) -> BookingSeries:
    """A weekly booking until ``until``, leaving out the dates in ``skip``. Every occurrence
    meets the rules of a single booking; one refusal refuses the whole series, naming the
    date (nothing is written)."""
    purpose = clean_text(purpose, field="purpose", model=Booking, single_line=True)
    resource = Resource.objects.select_related("owner_unit").get(pk=resource.pk)
    first_day = rules.local(starts_at).date()
    if until < first_day:
        raise DomainError(_("The last date must not be before the first."), field="until")
    weeks = (until - first_day).days // 7 + 1
    if weeks > MAX_OCCURRENCES:
        raise DomainError(_("A weekly booking runs for at most a year."),
                          code=ResourceErrorCode.SERIES_TOO_LONG, field="until")
    skip = {d for d in skip}
    series = BookingSeries.objects.create(
        resource=resource, booker=actor, unit=unit, first_start=starts_at, first_end=ends_at,
        until=until, skipped=sorted(d.isoformat() for d in skip))
    for week in range(weeks):
        shift = dt.timedelta(weeks=week)
        start, end = rules.local(starts_at) + shift, rules.local(ends_at) + shift
        if start.date() in skip:
            continue
        try:
            _book(actor=actor, resource=resource, starts_at=start, ends_at=end,
                  attendees=attendees, purpose=purpose, unit=unit, series=series)
        except DomainError as exc:
            exc.message = f"{start.date().isoformat()}: {exc.message}"
            exc.args = (exc.message,)
            raise
    audit.record(actor=actor, action="book_series", entity="resource", entity_id=resource.pk,
                 summary=f"{resource.name} {first_day}–{until}",
                 after={"occurrences": series.bookings.count(), "skipped": len(skip)})
    return series


def lock(booking: Booking) -> Booking:
    """The booking re-read under a row lock (a no-op on SQLite, whose IMMEDIATE transaction
    already holds the write lock), with its resource."""
    return (Booking.objects.select_for_update(of=("self",)).select_related("resource__owner_unit")
            .get(pk=booking.pk))
