"""Shared resources: the "what is free" search and booking confirmation.

Builds its own SQLite database (``bench/out/resources.sqlite3``): one street of ten
communities, 500 resources with opening hours (weekdays 08:00–21:00, Saturdays 09:00–17:00)
and a year of confirmed bookings (≈ 300 days back, 65 ahead; two-hour slots at 09, 14 or 19
o'clock, about 1.5 a day per resource: ≈ 250k rows), plus open requests to confirm.

Figures (targets from issue 12):
- free-slot search for a two-week window over all 500 resources (``resource_list`` +
  ``free_search`` of the 200 freest as the page asks, the district administrator), p95 over
  ``--n`` windows — ≤ 100 ms;
- the same with a type and a capacity filter;
- ``booking_confirm`` of a request (the service: lock, overlap check, write, audit row), p95
  over ``--n`` requests — ≤ 30 ms on SQLite.

    .venv/bin/python bench/resources_bench.py [--keep] [--n 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import sys
import time

import benchlib

DB = benchlib.OUT / "resources.sqlite3"
N_RESOURCES = 500
COMMUNITIES = 10


def build(rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from shequ.core.actors import SYSTEM
    from shequ.resources.models import Booking, BookingStatus, OpeningHours, Resource
    from shequ.territory import services as territory
    from shequ.testing import factories

    t0 = time.perf_counter()
    tree = factories.Tree(prefix="5")
    communities = [tree.community] + [
        territory.area_create(actor=SYSTEM, kind="community", name=f"社区{i}",
                              code=f"{tree.district.code}001{i + 2:03d}", parent=tree.street)
        for i in range(COMMUNITIES - 1)]
    staff = factories.user("district_admin", tree.district, username="bench_admin")
    kinds = ["venue"] * 5 + ["equipment"] * 3 + ["culture", "talent"]
    with transaction.atomic():
        resources = Resource.objects.bulk_create([
            Resource(name=f"资源{i:03d}", kind=rng.choice(kinds), community=c, path=c.path,
                     capacity=rng.choice([None, 10, 20, 40, 80]), bookable_by="residents")
            for i in range(N_RESOURCES) for c in [communities[i % COMMUNITIES]]])
        OpeningHours.objects.bulk_create([
            OpeningHours(resource=r, weekday=d, opens=dt.time(8) if d < 5 else dt.time(9),
                         closes=dt.time(21) if d < 5 else dt.time(17))
            for r in resources for d in range(6)])
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    days = [today + dt.timedelta(days=i) for i in range(-300, 66)]
    rows = []
    for r in resources:
        for day in days:
            if day.weekday() == 6:
                continue
            for hour in rng.sample([9, 14, 19] if day.weekday() < 5 else [9, 14],
                                   rng.choice([0, 1, 2, 2, 3]) if day.weekday() < 5 else 1):
                start = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
                rows.append(Booking(resource=r, booker=staff, starts_at=start,
                                    ends_at=start + dt.timedelta(hours=2), path=r.path,
                                    status=BookingStatus.CONFIRMED, by_owner=True,
                                    checkin_token=secrets.token_hex(16)))
        if len(rows) > 20_000:
            Booking.objects.bulk_create(rows, batch_size=5000)
            rows = []
    Booking.objects.bulk_create(rows, batch_size=5000)
    # open requests at 12:00–13:00 (never taken by the slots above), to be confirmed
    resident = factories.user("resident", tree.community, username="bench_resident")
    future = [d for d in days if d > today + dt.timedelta(days=2) and d.weekday() < 5]
    Booking.objects.bulk_create([
        Booking(resource=r, booker=resident, path=r.path, status=BookingStatus.REQUESTED,
                starts_at=dt.datetime.combine(d, dt.time(12), tzinfo=tz),
                ends_at=dt.datetime.combine(d, dt.time(13), tzinfo=tz),
                checkin_token=secrets.token_hex(16))
        for r in resources[:100] for d in future[:10]])
    print(f"built {len(resources)} resources, {Booking.objects.count():,} bookings in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)


def bench_free(rng, n: int) -> dict:
    from django.utils import timezone

    from shequ.accounts.models import User
    from shequ.resources import selectors

    admin = User.objects.get(username="bench_admin")
    today = timezone.localdate()

    def search(**filters):
        start = today + dt.timedelta(days=rng.randrange(0, 40))
        rows = selectors.resource_list(actor=admin, **filters)
        # as the page asks: the 200 with the most free time
        return selectors.free_search(rows, start, start + dt.timedelta(days=13), limit=200)

    search()  # warm the account's scope and the page cache
    out = {}
    for name, filters in (("all", {}), ("venue_cap20", {"kind": "venue", "capacity": 20})):
        ms, cpu, found = [], [], 0
        for _ in range(n):
            c0 = time.process_time()
            t, result = benchlib.timed(search, **filters)
            cpu.append((time.process_time() - c0) * 1000)
            ms.append(t)
            found = len(result)
        # SQLite runs in this process: its CPU time is what an idle core would take, a
        # figure the shared machine's load does not inflate.
        out[name] = {**benchlib.summary(ms), "cpu": benchlib.summary(cpu),
                     "resources_with_free_time": found}
    return out


def bench_confirm(n: int) -> dict:
    from shequ.accounts.models import User
    from shequ.resources import services
    from shequ.resources.models import Booking, BookingStatus

    admin = User.objects.get(username="bench_admin")
    pending = list(Booking.objects.filter(status=BookingStatus.REQUESTED)
                   .select_related("resource")[:n])
    ms, cpu = [], []
    for b in pending:
        c0 = time.process_time()
        ms.append(benchlib.timed(services.booking_confirm, actor=admin, booking=b)[0])
        cpu.append((time.process_time() - c0) * 1000)
    assert Booking.objects.filter(pk__in=[b.pk for b in pending],
                                  status=BookingStatus.CONFIRMED).count() == len(pending)
    return {**benchlib.summary(ms), "cpu": benchlib.summary(cpu)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(benchlib.SEED)
    fresh = not (args.keep and DB.exists())
    if fresh:
        benchlib.fresh_db(DB)
    benchlib.setup_django(DB)
    if fresh:
        build(rng)
    results = {"free_search": bench_free(rng, args.n),
               "confirm": bench_confirm(min(args.n, 1000))}
    f, c = results["free_search"], results["confirm"]
    rows = [
        ["free search, 2 weeks × 500 resources p95", "≤ 100 ms",
         f"{f['all']['p95_ms']} ms (CPU {f['all']['cpu']['p95_ms']} ms)"],
        ["  with type + capacity filter p95", "≤ 100 ms",
         f"{f['venue_cap20']['p95_ms']} ms (CPU {f['venue_cap20']['cpu']['p95_ms']} ms)"],
        ["booking confirm p95 (SQLite)", "≤ 30 ms", f"{c['p95_ms']} ms (CPU {c['cpu']['p95_ms']} ms)"],
    ]
    print(benchlib.table(["figure", "target", "measured"], rows))
    path = benchlib.write_json("resources", results)
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
