"""五个基本 scores and the 三会一课 shortfall list for every branch of the district demo, on
a database of its own (a copy of the district demo, ``demo --scale district``, built when
missing).

On top of the demo the bench loads what the branches demo loader writes (four whole
quarters and this one of 三会一课 for every branch, one in eight skipped; profiles and
documents) and times, as the district admin:
- ``selectors.basics_list`` — 五个基本 of every branch (members, profiles, documents,
  venues, a year of meetings against the rules), median of 5 (target from issue 13: ≤ 2 s);
- ``selectors.shortfalls`` for the last whole quarter, median of 5;
- the queries each takes (fixed, whatever the number of branches).
Timings are reported, never asserted.

    .venv/bin/python bench/branches_bench.py
"""

from __future__ import annotations

import random
import shutil
import statistics
import time

import benchlib

DB = benchlib.OUT / "branches.sqlite3"


def main() -> dict:
    district_db = benchlib.ensure_district()
    for suffix in ("", "-wal", "-shm"):
        (DB.parent / (DB.name + suffix)).unlink(missing_ok=True)
    shutil.copyfile(district_db, DB)
    benchlib.setup_django(DB)
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shequ.accounts.models import User
    from shequ.branches import demo, selectors
    from shequ.branches.models import BRANCH_KINDS, Meeting
    from shequ.branches.rules import month_index, period_of
    from shequ.organizations.models import PartyOrg
    from shequ.registry.models import PartyMember

    rng = random.Random(benchlib.SEED)  # noqa: S311 - bench data
    today = timezone.localdate()
    branches = list(PartyOrg.objects.filter(kind__in=BRANCH_KINDS).order_by("path", "id")
                    .values_list("pk", "path"))
    with transaction.atomic():
        demo._meetings(branches, rng, today)
        demo._basics(branches, rng)
    admin = User.objects.get(username="district_admin")
    first = period_of(month_index(today), 3) - 3

    def scores():
        return selectors.basics_list(actor=admin)

    def gaps():
        return selectors.shortfalls(actor=admin, first=first, last=first + 2)

    def measure(fn):
        fn()
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            out = fn()
            runs.append(time.perf_counter() - t)
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return round(statistics.median(runs), 3), len(ctx), out

    basics_s, basics_q, rows = measure(scores)
    gaps_s, gaps_q, short = measure(gaps)
    result = {
        "machine": benchlib.machine(), "branches": len(branches),
        "party_members": PartyMember.objects.count(), "meetings": Meeting.objects.count(),
        "basics_all_branches_s": basics_s, "basics_queries": basics_q,
        "below_standard": sum(1 for b in rows if b.below_standard),
        "shortfalls_last_quarter_s": gaps_s, "shortfalls_queries": gaps_q,
        "branches_short": len(short),
    }
    print(benchlib.table(["figure", "value"], [[k, v] for k, v in result.items()
                                               if k != "machine"]))
    benchlib.write_json("branches", result)
    return result


if __name__ == "__main__":
    main()
