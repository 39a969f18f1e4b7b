"""Free time of resources: the opening band of each day minus its confirmed (and negotiating)
bookings, closed on public holidays. One query each for the opening hours, the bookings of
the window and the holidays, whatever the number of resources — the "what is free" search
over 500 resources and two weeks stays one pass in Python (bench/resources_bench.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Func, IntegerField
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
        mine = bookings.get(rid, {})
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
                d.busy = [b for b in mine.get(day, ()) if b.starts_at < d.closes
                          and b.ends_at > d.opens]
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
    bookings: dict[int, dict[dt.date, list]] = defaultdict(lambda: defaultdict(list))
    tz = timezone.get_current_timezone()
    for b in _holding(resource_ids, start, end).only("id", "resource_id", "starts_at",
                                                      "ends_at", "status"):
        bookings[b.resource_id][timezone.localtime(b.starts_at, tz).date()].append(b)
    holidays = set(Holiday.objects.filter(date__range=(days[0], days[-1]), is_workday=False)
                   .values_list("date", flat=True))
    return hours, bookings, holidays


def _holding(resource_ids, start, end):
    """Confirmed and negotiating bookings overlapping [start, end), per resource by start.
    A booking lies inside one day's opening band, so none that matters starts more than a
    day before the window: the lower bound lets the (resource, starts_at) index seek."""
    return (Booking.objects.filter(resource_id__in=resource_ids, status__in=HOLDING,
                                   starts_at__gte=start - dt.timedelta(days=1),
                                   starts_at__lt=end, ends_at__gt=start)
            .order_by("resource_id", "starts_at"))


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
    free time first: (resource, free hours, the first free stretches).

    Works on epoch seconds: each resource's bookings of the window are read as numbers and
    walked once against each open day's band, so 500 resources × two weeks (≈ 10k bookings)
    cost a few tens of milliseconds; date-times are made only for the stretches shown."""
    resources = list(resources)
    days = _days(start, end)
    if not resources or not days:
        return []
    ids = [r.pk for r in resources]
    hours, busy, holidays = _load_epochs(ids, days)
    tz = timezone.get_current_timezone()
    now, least = timezone.now().timestamp(), min_minutes * 60
    bands: dict[tuple, tuple[float, float]] = {}
    out = []
    for r in resources:
        band_of, mine, total, shown = hours.get(r.pk, {}), busy.get(r.pk, ()), 0.0, []
        i = 0
        for day in days:
            band = band_of.get(day.weekday())
            if band is None or day in holidays:
                continue
            key = (day, band)
            if key not in bands:
                bands[key] = (dt.datetime.combine(day, band[0], tzinfo=tz).timestamp(),
                              dt.datetime.combine(day, band[1], tzinfo=tz).timestamp())
            opens, closes = bands[key]
            while i < len(mine) and mine[i][1] <= opens:
                i += 1
            cursor, j = max(opens, now), i
            while j < len(mine) and mine[j][0] < closes:
                if mine[j][0] - cursor >= least:
                    total += mine[j][0] - cursor
                    shown.append((cursor, mine[j][0]))
                cursor = max(cursor, mine[j][1])
                j += 1
            if closes - cursor >= least:
                total += closes - cursor
                shown.append((cursor, closes))
        if total:
            out.append((r, total / 3600, [
                (dt.datetime.fromtimestamp(a, tz), dt.datetime.fromtimestamp(b, tz))
                for a, b in shown[:SHOWN]]))
    out.sort(key=lambda t: (-t[1], t[0].name))
    return out


SHOWN = 8  # free stretches returned per resource (the search shows the first few)


def _load_epochs(resource_ids, days):
    """Opening bands, each resource's holding bookings as sorted (start, end) epoch
    seconds, and the holidays of the window. SQLite computes the epoch itself (no
    date-time parsed in Python); PostgreSQL hands back date-times."""
    start, end = _tz_window(days)
    hours: dict[int, dict[int, tuple]] = defaultdict(dict)
    for rid, wd, o, c in OpeningHours.objects.filter(resource_id__in=resource_ids).values_list(
            "resource_id", "weekday", "opens", "closes"):
        hours[rid][wd] = (o, c)
    qs = _holding(resource_ids, start, end)
    if connection.vendor == "sqlite":
        rows = qs.annotate(s=_Epoch("starts_at"), e=_Epoch("ends_at")).values_list(
            "resource_id", "s", "e")
    else:
        rows = ((rid, s.timestamp(), e.timestamp()) for rid, s, e in
                qs.values_list("resource_id", "starts_at", "ends_at"))
    busy: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for rid, s, e in rows:
        busy[rid].append((s, e))
    holidays = set(Holiday.objects.filter(date__range=(days[0], days[-1]), is_workday=False)
                   .values_list("date", flat=True))
    return hours, busy, holidays


class _Epoch(Func):
    """SQLite: a stored (UTC) date-time as epoch seconds, computed by the database."""

    template = "CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"  # %% for the SQL escape
    output_field = IntegerField()
