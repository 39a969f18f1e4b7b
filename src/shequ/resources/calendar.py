"""Free time of resources: the opening band of each day minus its confirmed (and negotiating)
bookings, closed on public holidays. One query each for the opening hours, the bookings of
the window and the holidays, whatever the number of resources — the "what is free" search
over 500 resources and two weeks stays one pass in Python (bench/resources_bench.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Aggregate, CharField, Func, QuerySet
from django.db.models.expressions import RawSQL
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


def free_search(resources, start: dt.date, end: dt.date, min_minutes: int = 60, *,
                limit: int | None = None
                ) -> list[tuple[object, float, list[tuple[dt.datetime, dt.datetime]]]]:
    """The resources with a free stretch of at least ``min_minutes`` in the window, most
    free time first: (resource, free hours, the first free stretches); the first ``limit``.

    Works on epoch seconds: each resource's bookings of the window arrive as one flat,
    sorted list of numbers (start, end, start, end…) and are walked once against each open
    day's band, so 500 resources × two weeks (≈ 9k bookings) allocate a few hundred lists,
    not a tuple or a model row per booking. Given a queryset and a ``limit``, the ranking
    reads only ids and names and makes model rows for the ``limit`` shown. Fewer live
    objects also means the collector's full passes — the p95's tail — come rarely."""
    lazy = isinstance(resources, QuerySet) and limit is not None
    keys = list(resources.values_list("pk", "name")) if lazy else [(r.pk, r) for r in resources]
    days = _days(start, end)
    if not keys or not days:
        return []
    hours, busy, holidays = _load_epochs([k for k, _r in keys], days)
    open_days = [d for d in days if d not in holidays]
    now, least = timezone.now().timestamp(), min_minutes * 60
    bands = _Bands()
    out = []
    for pk, r in keys:
        band_of, mine, total, shown = hours.get(pk), busy.get(pk, ()), 0.0, []
        if not band_of:
            continue
        i, n = 0, len(mine)
        for day in open_days:
            band = band_of.get(day.weekday())
            if band is None:
                continue
            opens, closes = bands.get(day, band)
            while i < n and mine[i + 1] <= opens:       # bookings over before the band
                i += 2
            cursor, j = max(opens, now), i
            while j < n and mine[j] < closes:
                if mine[j] - cursor >= least:
                    total += mine[j] - cursor
                    if len(shown) < 2 * SHOWN:          # flat numbers: no tuple per gap
                        shown += (cursor, mine[j])
                cursor = max(cursor, mine[j + 1])
                j += 2
            if closes - cursor >= least:
                total += closes - cursor
                if len(shown) < 2 * SHOWN:
                    shown += (cursor, closes)
        if total:
            out.append((pk, r, total / 3600, shown))
    out.sort(key=lambda t: (-t[2], t[1] if lazy else t[1].name))
    out = out[:limit]
    if lazy:  # the model rows of those shown, one query
        found = resources.model.objects.select_related("community", "owner_unit").in_bulk(
            [t[0] for t in out])
        out = [(pk, found[pk], h, shown) for pk, _name, h, shown in out]
    tz = timezone.get_current_timezone()
    stamp = dt.datetime.fromtimestamp
    return [(r, h, [(stamp(shown[k], tz), stamp(shown[k + 1], tz))
                    for k in range(0, len(shown), 2)]) for _pk, r, h, shown in out]


SHOWN = 4  # free stretches returned per resource (the search page shows four)


class _Bands:
    """A day's opening band as epoch seconds, made once per (day, band) of the search."""

    def __init__(self):
        self.tz, self.seen = timezone.get_current_timezone(), {}

    def get(self, day: dt.date, band: tuple) -> tuple[float, float]:
        key = (day, band)
        if key not in self.seen:
            self.seen[key] = tuple(dt.datetime.combine(day, t, tzinfo=self.tz).timestamp()
                                   for t in band)
        return self.seen[key]


def _load_epochs(resource_ids, days):
    """Opening bands, each resource's holding bookings as one sorted flat list of epoch
    seconds (start, end, start, end…), and the holidays of the window. SQLite computes the
    epochs and joins each resource's into one text (one row per resource, no date-time or
    converter per booking); PostgreSQL hands back date-times."""
    start, end = _tz_window(days)
    hours = _hours(resource_ids)
    qs = _holding(_ids(resource_ids), start, end).order_by()
    busy: dict[int, list[float]] = {}
    if connection.vendor == "sqlite":
        # GROUP BY walks the (resource, start) index, so each text comes in start order
        for rid, text in qs.values("resource_id").annotate(spans=_Spans("starts_at", "ends_at")
                                                           ).values_list("resource_id", "spans"):
            busy[rid] = _sorted_pairs(list(map(int, text.split(","))))
    else:
        for rid, s, e in qs.order_by("resource_id", "starts_at").values_list(
                "resource_id", "starts_at", "ends_at"):
            busy.setdefault(rid, []).extend((s.timestamp(), e.timestamp()))
    holidays = set(Holiday.objects.filter(date__range=(days[0], days[-1]), is_workday=False)
                   .values_list("date", flat=True))
    return hours, busy, holidays


def _sorted_pairs(flat: list) -> list:
    """``flat`` (start, end, …) in start order. The rows are fed to group_concat in index
    order, which SQLite keeps but does not promise: check, and sort if not."""
    starts = flat[0::2]
    if all(a <= b for a, b in zip(starts, starts[1:], strict=False)):
        return flat
    pairs = sorted(zip(starts, flat[1::2], strict=True))
    return [x for pair in pairs for x in pair]


def _hours(resource_ids) -> dict[int, dict[int, tuple[dt.time, dt.time]]]:
    """Each resource's opening band per weekday. On SQLite the times are read as text and
    parsed once per distinct value, not once per row by the driver's converter."""
    qs = OpeningHours.objects.filter(resource_id__in=_ids(resource_ids)).order_by()
    hours: dict[int, dict[int, tuple]] = {}
    if connection.vendor == "sqlite":
        parsed: dict[str, dt.time] = {}
        for rid, wd, o, c in qs.annotate(o=_Text("opens"), c=_Text("closes")).values_list(
                "resource_id", "weekday", "o", "c"):
            for t in (o, c):
                if t not in parsed:
                    parsed[t] = dt.time.fromisoformat(t)
            hours.setdefault(rid, {})[wd] = (parsed[o], parsed[c])
    else:
        for rid, wd, o, c in qs.values_list("resource_id", "weekday", "opens", "closes"):
            hours.setdefault(rid, {})[wd] = (o, c)
    return hours


class _Text(Func):
    """SQLite: a column as plain text (no declared type, so no converter runs on it)."""

    template = "(%(expressions)s || '')"
    output_field = CharField()


def _ids(resource_ids):
    """The ids for an ``__in``: on SQLite one JSON parameter read by ``json_each`` instead
    of 500 bound parameters that Django and SQLite would each process one by one."""
    if connection.vendor != "sqlite" or len(resource_ids) < 50:
        return resource_ids
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(resource_ids))])


class _Spans(Aggregate):
    """SQLite: a group's bookings as one text of epoch seconds, "start,end,start,end…"."""

    function = "group_concat"
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        (s, s_params), (e, e_params) = (
            compiler.compile(x) for x in self.get_source_expressions()[:2])
        epoch = "CAST(strftime('%%s', {}) AS INTEGER)"  # %% : a literal % beside the %s params
        return (f"group_concat({epoch.format(s)} || ',' || {epoch.format(e)})",
                [*s_params, *e_params])
