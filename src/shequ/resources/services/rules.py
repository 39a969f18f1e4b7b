"""The refusals a booking meets before it is written, in the order a person would fix them:
the resource is gone, the time is impossible, in the past, on a closed day or outside the
opening band, too many people, not someone who may book it, overlapping their own booking,
over their unit's monthly quota. Each raises a DomainError naming its field."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.errors import Conflict, DomainError, Forbidden
from shequ.ledgers.models import Holiday
from shequ.organizations.models import OrgKind, PartyOrg
from shequ.registry.selectors import lives_in, resident_of

from ..errors import ResourceErrorCode
from ..models import LIVE, Bookers, Booking, OpeningHours, PlatformMember, Resource
from ..policies import Action, booking_policy, delegate_units, is_owner, resource_policy


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def closed_days(start: dt.date, end: dt.date) -> set[dt.date]:
    """Public holidays between two dates (inclusive) from the working-day calendar; make-up
    working days (调休) follow their own weekday's hours."""
    return set(Holiday.objects.filter(date__range=(start, end), is_workday=False)
               .values_list("date", flat=True))


def check_time(resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime, *,
               now: dt.datetime | None = None) -> None:
    """The slot lies in the future, on an open day, inside that day's opening band."""
    if resource.retired_at is not None:
        raise Conflict(_("This resource is no longer shared."), code=ResourceErrorCode.RETIRED)
    if ends_at <= starts_at:
        raise DomainError(_("The end must be after the start."), field="ends_at")
    if starts_at < (now or timezone.now()):
        raise DomainError(_("This time is in the past."), code=ResourceErrorCode.IN_PAST,
                          field="starts_at")
    start, end = local(starts_at), local(ends_at)
    day = start.date()
    if day in closed_days(day, day):
        raise DomainError(_("%(day)s is a public holiday: the resource is closed.")
                          % {"day": day.isoformat()}, code=ResourceErrorCode.CLOSED_DAY,
                          field="starts_at")
    band = OpeningHours.objects.filter(resource=resource, weekday=day.weekday()).first()
    if band is None:
        raise DomainError(_("The resource is closed on that day of the week."),
                          code=ResourceErrorCode.CLOSED_DAY, field="starts_at")
    if end.date() != day or start.time() < band.opens or end.time() > band.closes:
        raise DomainError(_("Outside the opening hours (%(opens)s–%(closes)s).")
                          % {"opens": f"{band.opens:%H:%M}", "closes": f"{band.closes:%H:%M}"},
                          code=ResourceErrorCode.OUTSIDE_HOURS, field="starts_at")


def check_capacity(resource: Resource, attendees: int) -> None:
    if attendees < 1:
        raise DomainError(_("At least one person."), field="attendees")
    if resource.capacity is not None and attendees > resource.capacity:
        raise DomainError(_("The resource takes at most %(n)d people.") % {"n": resource.capacity},
                          code=ResourceErrorCode.OVER_CAPACITY, field="attendees")


def is_staff(actor, resource: Resource) -> bool:
    return (resource_policy.can(actor, Action.MANAGE_RESOURCES, resource)
            or booking_policy.can(actor, Action.VIEW_BOOKINGS, resource.path))


def in_party_committee(unit_id: int, resource: Resource) -> bool:
    """大党委: the unit's party organisation is a member of the resource community's party
    committee, or the unit joined that community's sharing platform."""
    return (PartyOrg.objects.filter(unit_id=unit_id, kind=OrgKind.UNIT_ORG,
                                    member_of__area_id=resource.community_id).exists()
            or PlatformMember.objects.filter(unit_id=unit_id, community_id=resource.community_id,
                                             is_active=True).exists())


def check_booker(actor, resource: Resource, unit) -> None:
    """Who may book: the owner and staff always; then the resource's ``bookable_by``. A
    booking on behalf of a unit is made by one of its delegates."""
    refused = Forbidden(_("You may not book this resource."),
                        code=ResourceErrorCode.NOT_ALLOWED_TO_BOOK, field="unit" if unit else None)
    if not resource_policy.holds(actor, Action.BOOK):
        raise refused
    if unit is not None and unit.pk not in delegate_units(actor):
        raise refused
    if is_owner(actor, resource) or is_staff(actor, resource):
        return
    if resource.bookable_by == Bookers.STAFF:
        raise refused
    if unit is not None and in_party_committee(unit.pk, resource):
        return
    if resource.bookable_by == Bookers.RESIDENTS and lives_in(resident_of(actor), resource.path):
        return
    raise refused


def overlapping(qs, starts_at, ends_at):
    return qs.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


def check_own_overlap(actor, starts_at, ends_at, exclude: int | None = None) -> None:
    mine = overlapping(Booking.objects.filter(booker=actor, status__in=LIVE), starts_at, ends_at)
    if exclude:
        mine = mine.exclude(pk=exclude)
    other = mine.select_related("resource").first()
    if other is not None:
        raise Conflict(_("You already have a booking at that time (%(name)s %(at)s).")
                       % {"name": other.resource.name,
                          "at": f"{local(other.starts_at):%m-%d %H:%M}"},
                       code=ResourceErrorCode.OWN_OVERLAP, field="starts_at")


def check_quota(unit, starts_at, ends_at, exclude: int | None = None) -> None:
    """A unit books at most its platform quota of hours per calendar month (local time)."""
    if unit is None:
        return
    quota = (PlatformMember.objects.filter(unit=unit, is_active=True,
                                           monthly_quota_hours__isnull=False)
             .order_by("monthly_quota_hours").values_list("monthly_quota_hours", flat=True)
             .first())
    if quota is None:
        return
    first = local(starts_at).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    used = Booking.objects.filter(unit=unit, status__in=LIVE, starts_at__gte=first,
                                  starts_at__lt=after)
    if exclude:
        used = used.exclude(pk=exclude)
    taken = used.aggregate(t=Sum(F("ends_at") - F("starts_at")))["t"] or dt.timedelta()
    if (taken + (ends_at - starts_at)).total_seconds() > quota * 3600:
        raise Conflict(_("Over the unit's quota of %(n)d hours this month (%(used).1f used).")
                       % {"n": quota, "used": taken.total_seconds() / 3600},
                       code=ResourceErrorCode.OVER_QUOTA, field="unit")
