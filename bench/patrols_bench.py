"""A month's patrol shift plan for a district of 300 grids and 3,000 patrol volunteers,
on a fresh SQLite database of its own (no demo needed).

Builds 12 streets × 40 communities × 300 grids (10 buildings each), one or two routes per
grid with four checkpoints, a 19:00–23:00 band every day per grid (9,300 slots in a
31-day month) and 3,000 pool members (75 per community) with random weekdays and daily
windows. Pool rows are inserted in bulk without volunteer records: the planner reads only
their place and availability.

Figures (target from issue 12: the district's month ≤ 5 s):
- ``planning.assign`` over the whole district in one (fair) maximum flow (median of 3),
  with the spread of shifts per person it gives;
- ``services.plan_generate`` for every community in turn — reading the coverage, routes
  and pool, solving, writing the shifts — the whole district's month, total.
Timings are reported, never asserted.

    .venv/bin/python bench/patrols_bench.py
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

import benchlib

DB = benchlib.OUT / "patrols.sqlite3"
MONTH = dt.date(2026, 12, 1)


def build(rng: random.Random) -> list:
    from shequ.patrols.models import Checkpoint, Coverage, PatrolMember, Route
    from shequ.territory.models import Area, Building

    district = Area.objects.create(kind="district", name="区", code="511703", path="01",
                                   depth=0)
    communities, grids = [], []
    for s in range(12):
        street = Area.objects.create(kind="street", name=f"街道{s}", code=f"511703{s:03d}",
                                     path=f"01.{s + 1:02d}", depth=1, parent=district)
        for c in range(4 if s < 4 else 3):
            n = len(communities)
            communities.append(Area.objects.create(
                kind="community", name=f"社区{n}", code=f"{street.code}{c:03d}",
                path=f"{street.path}.{c + 1:03d}", depth=2, parent=street))
    for i in range(300):
        community = communities[i % len(communities)]
        k = i // len(communities)
        grids.append(Area(kind="grid", name=f"网格{i}", code=f"{community.code}{k:03d}",
                          path=f"{community.path}.{k + 1:03d}", depth=3, parent=community))
    Area.objects.bulk_create(grids)
    grids = list(Area.objects.filter(kind="grid").order_by("path"))
    Building.objects.bulk_create([Building(grid=g, name=f"{b + 1}栋", path=g.path)
                                  for g in grids for b in range(10)])
    Route.objects.bulk_create([Route(grid=g, name=f"线{r}", path=g.path) for g in grids
                               for r in range(1 + (g.pk % 2))])
    buildings: dict[int, list[int]] = {}
    for b_id, g_id in Building.objects.values_list("id", "grid_id"):
        buildings.setdefault(g_id, []).append(b_id)
    Checkpoint.objects.bulk_create([
        Checkpoint(route=r, order=k + 1, building_id=buildings[r.grid_id][k], label=f"点{k}",
                   token=f"t{r.pk}-{k}", path=r.path)
        for r in Route.objects.all() for k in range(4)])
    Coverage.objects.bulk_create([Coverage(grid=g, starts=dt.time(19), ends=dt.time(23),
                                           path=g.path) for g in grids])
    PatrolMember.objects.bulk_create([
        PatrolMember(kind="volunteer", name=f"队员{i}", community=c, path=c.path,
                     weekdays=rng.choice([127, 0b0011111, 0b1100000, 0b1010101, 0b0101010]),
                     available_from=dt.time(rng.choice([0, 8, 18])),
                     available_until=rng.choice([dt.time(23, 59), dt.time(23)]))
        for c in communities for i in range(75)])
    return communities


def _spread(chosen: dict) -> str:
    """The fewest and most shifts anyone got in the one-flow plan."""
    from collections import Counter
    load = Counter(chosen.values())
    return f"{min(load.values())}–{max(load.values())}"


def main() -> dict:
    benchlib.fresh_db(DB)
    benchlib.setup_django(DB)
    from django.db import transaction

    from shequ.core.actors import SYSTEM
    from shequ.patrols import planning, services
    from shequ.patrols.models import PatrolMember, Shift
    from shequ.patrols.services.plans import plan_inputs
    from shequ.territory.models import Area

    rng = random.Random(benchlib.SEED)  # noqa: S311 - bench data
    with transaction.atomic():
        communities = build(rng)
    district = Area.objects.get(kind="district")

    def solve():
        bands, routes = plan_inputs(district, MONTH)
        slots = planning.required_slots(MONTH, bands, routes)
        people = [planning.Person(*row) for row in PatrolMember.objects.values_list(
            "id", "path", "weekdays", "available_from", "available_until")]
        return slots, planning.assign(slots, people, 8)

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        slots, chosen = solve()
        runs.append(time.perf_counter() - t)
    t = time.perf_counter()
    for c in communities:
        services.plan_generate(actor=SYSTEM, area=c, month=MONTH, max_shifts=8)
    generate_all = time.perf_counter() - t
    result = {
        "machine": benchlib.machine(), "grids": 300, "members": 3000, "slots": len(slots),
        "covered_one_flow": len(chosen),
        "shifts_per_person_min_max": _spread(chosen), "assign_district_s": round(statistics.median(runs), 2),
        "plan_generate_40_communities_s": round(generate_all, 2),
        "shifts_written": Shift.objects.count(),
    }
    print(benchlib.table(["figure", "value"], [[k, v] for k, v in result.items()
                                               if k != "machine"]))
    benchlib.write_json("patrols", result)
    return result


if __name__ == "__main__":
    main()
