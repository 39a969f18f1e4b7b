"""Utilisation of shared resources over a period: hours offered (opening hours on open days),
booked (confirmed, no-shows included: the slot was held) and used (confirmed bookings that
have ended, checked in where the resource asks for it). Per resource and per owning or
booking unit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.ledgers.models import Holiday

from .models import Booking, BookingStatus, OpeningHours


@dataclass
class Row:
    name: str
    owner: str
    offered: float = 0.0
    booked: float = 0.0
    used: float = 0.0

    @property
    def booked_share(self) -> float:
        return round(100 * self.booked / self.offered, 1) if self.offered else 0.0


def _offered(resource_ids, start: dt.date, end: dt.date) -> dict[int, float]:
    holidays = set(Holiday.objects.filter(date__range=(start, end), is_workday=False)
                   .values_list("date", flat=True))
    per_weekday = defaultdict(int)
    for i in range((end - start).days + 1):
        day = start + dt.timedelta(days=i)
        if day not in holidays:
            per_weekday[day.weekday()] += 1
    out: dict[int, float] = defaultdict(float)
    for rid, wd, o, c in OpeningHours.objects.filter(resource_id__in=resource_ids).values_list(
            "resource_id", "weekday", "opens", "closes"):
        length = (dt.datetime.combine(start, c) - dt.datetime.combine(start, o)).total_seconds()
        out[rid] += per_weekday[wd] * length / 3600
    return out


def _bookings(resource_ids, start: dt.date, end: dt.date):
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    now = timezone.now()
    rows = (Booking.objects.filter(resource_id__in=resource_ids, starts_at__gte=lo,
                                   starts_at__lt=hi,
                                   status__in=(BookingStatus.CONFIRMED, BookingStatus.NO_SHOW))
            .values_list("resource_id", "unit_id", "unit__name", "status", "starts_at",
                         "ends_at", "checked_in_at", "resource__requires_checkin"))
    for rid, uid, uname, status, s, e, checked, needs in rows:
        hours = (e - s).total_seconds() / 3600
        used = (status == BookingStatus.CONFIRMED and e <= now and (checked or not needs))
        yield rid, uid, uname, hours, hours if used else 0.0


def utilisation_by_resource(resources, start: dt.date, end: dt.date) -> list[Row]:
    resources = list(resources)
    ids = [r.pk for r in resources]
    offered = _offered(ids, start, end)
    rows = {r.pk: Row(r.name, r.owner_name, round(offered.get(r.pk, 0.0), 1)) for r in resources}
    for rid, _uid, _uname, booked, used in _bookings(ids, start, end):
        rows[rid].booked += booked
        rows[rid].used += used
    return [_rounded(r) for r in rows.values()]


def utilisation_by_unit(resources, start: dt.date, end: dt.date) -> list[Row]:
    """Per unit: hours its own resources offered, and hours it booked and used (of any
    resource in the list). Bookings not made for a unit count under "residents and staff"."""
    resources = list(resources)
    ids = [r.pk for r in resources]
    offered = _offered(ids, start, end)
    rows: dict[object, Row] = {}
    for r in resources:
        key = r.owner_unit_id
        row = rows.setdefault(key, Row(r.owner_name, r.owner_name))
        row.offered += offered.get(r.pk, 0.0)
    for _rid, uid, uname, booked, used in _bookings(ids, start, end):
        row = rows.setdefault(uid, Row(uname or _("Residents and staff"), ""))
        if uid is None:
            row.name = _("Residents and staff")
        row.booked += booked
        row.used += used
    return [_rounded(r) for r in sorted(rows.values(), key=lambda r: r.name)]


def _rounded(r: Row) -> Row:
    r.offered, r.booked, r.used = round(r.offered, 1), round(r.booked, 1), round(r.used, 1)
    return r
