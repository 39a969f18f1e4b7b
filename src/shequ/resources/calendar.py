"""Free time of resources: the opening band of each day minus its confirmed (and negotiating)
bookings, closed on public holidays. One query each for the opening hours, the bookings of
the window and the holidays, whatever the number of resources — the "what is free" search
over 500 resources and two weeks stays one pass in Python (bench/resources_bench.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from shequ.ledgers.models import Holiday

from .models import Booking, BookingStatus, OpeningHours

HOLDING = (BookingStatus.CONFIRMED, BookingStatus.NEGOTIATING)
MAX_DAYS = 62


@dataclass
class Day:
    date: dt.date
    opens: dt.datetime | None = None
    closes: dt.datetime | None = None
    closed: str = ""                                    # "holiday" | "weekday" | ""
    busy: list = field(default_factory=list)            # Booking rows
    free: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)

    @property
    def free_hours(self) -> float:
        return sum((b - a).total_seconds() for a, b in self.free) / 3600


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    end = min(end, start + dt.timedelta(days=MAX_DAYS - 1))
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _tz_window(days):
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(days[0], dt.time.min, tzinfo=tz),
            dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _build(resource_ids, days, hours, bookings, holidays, now) -> dict[int, list[Day]]:
    tz = timezone.get_current_timezone()
    out: dict[int, list[Day]] = {}
    for rid in resource_ids:
        band_of = hours.get(rid, {})
        mine = bookings.get(rid, [])
        out[rid] = rows = []
        for day in days:
            d = Day(day)
            band = band_of.get(day.weekday())
            if day in holidays:
                d.closed = "holiday"
            elif band is None:
                d.closed = "weekday"
            else:
                d.opens = dt.datetime.combine(day, band[0], tzinfo=tz)
                d.closes = dt.datetime.combine(day, band[1], tzinfo=tz)
                d.busy = [b for b in mine if b.starts_at < d.closes and b.ends_at > d.opens]
                cursor = max(d.opens, now)
                for b in d.busy:
                    if b.starts_at > cursor:
                        d.free.append((cursor, b.starts_at))
                    cursor = max(cursor, b.ends_at)
                if cursor < d.closes:
                    d.free.append((cursor, d.closes))
            rows.append(d)
    return out


def _load(resource_ids, days):
    start, end = _tz_window(days)
    hours: dict[int, dict[int, tuple]] = defaultdict(dict)
    for rid, wd, o, c in OpeningHours.objects.filter(resource_id__in=resource_ids).values_list(
            "resource_id", "weekday", "opens", "closes"):
        hours[rid][wd] = (o, c)
    bookings: dict[int, list] = defaultdict(list)
    for b in (Booking.objects.filter(resource_id__in=resource_ids, status__in=HOLDING,
                                     starts_at__lt=end, ends_at__gt=start)
              .only("id", "resource_id", "starts_at", "ends_at", "status")
              .order_by("resource_id", "starts_at")):
        bookings[b.resource_id].append(b)
    holidays = set(Holiday.objects.filter(date__range=(days[0], days[-1]), is_workday=False)
                   .values_list("date", flat=True))
    return hours, bookings, holidays


def availability(resource, start: dt.date, end: dt.date) -> list[Day]:
    """Each day of ``start``..``end`` (at most two months) for one resource."""
    days = _days(start, end)
    if not days:
        return []
    hours, bookings, holidays = _load([resource.pk], days)
    return _build([resource.pk], days, hours, bookings, holidays, timezone.now())[resource.pk]


def free_search(resources, start: dt.date, end: dt.date, min_minutes: int = 60
                ) -> list[tuple[object, float, list[tuple[dt.datetime, dt.datetime]]]]:
    """The resources with a free stretch of at least ``min_minutes`` in the window, most
    free time first: (resource, free hours, the free stretches)."""
    resources = list(resources)
    days = _days(start, end)
    if not resources or not days:
        return []
    ids = [r.pk for r in resources]
    hours, bookings, holidays = _load(ids, days)
    built = _build(ids, days, hours, bookings, holidays, timezone.now())
    least = dt.timedelta(minutes=min_minutes)
    out = []
    for r in resources:
        stretches = [s for d in built[r.pk] for s in d.free if s[1] - s[0] >= least]
        if stretches:
            total = sum((b - a).total_seconds() for a, b in stretches) / 3600
            out.append((r, total, stretches))
    out.sort(key=lambda t: (-t[1], t[0].name))
    return out
