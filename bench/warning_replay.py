"""Same cases → same warnings: replay a fixed burst of intakes through the early warning and
print a digest of every warning it leaves, to compare two versions of the code.

    .venv/bin/python bench/warning_replay.py [--cases 1500] [--batches 6]

On a copy of ``bench/out/ledgers/cases.sqlite3`` (built by ``cases_bench.py``), migrated by
this tree's code: ``--cases`` cases (fixed seed, fixed clock: one a second after the
database's last case; a small pool of phone numbers so the repeat rule fires too) through
``services.case_create``, evaluated by the worker's batch (``alerting.evaluate_pending``)
after each of ``--batches`` equal parts. The digest covers each warning's key, kind, level,
state, title, assignee, grid, place, details and evidence. Run it in two trees (the old code
from ``git archive``) and compare the two ``digest`` lines. Writes
``bench/out/warning_replay.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys

import benchlib
import cases_bench

DB = cases_bench.OUT / "replay.sqlite3"
CATEGORIES = ["sanitation", "noise", "property_dispute", "neighbour_dispute", "complaint"]


def _replay(n: int, batches: int) -> None:
    from shequ.core.actors import SYSTEM
    from shequ.ledgers import alerting, services
    from shequ.ledgers.models import Case, Category
    from shequ.territory.models import Building

    alerting.queue_batch = lambda: None  # the batches are run here, by hand
    rng = random.Random(2026)
    buildings = {b.pk: b for b in Building.objects.filter(grid__isnull=False)
                 .select_related("grid").order_by("id")[:3000]}
    ids = sorted(buildings)
    categories = {c.code: c for c in Category.objects.filter(code__in=CATEGORIES)}
    phones = [f"139{rng.randint(0, 99_999_999):08d}" for _ in range(200)]
    start = Case.objects.order_by("-created_at").values_list("created_at", flat=True)[0]
    per = n // batches
    for b in range(batches):
        for i in range(b * per, (b + 1) * per):
            services.case_create(
                actor=SYSTEM, category=categories[rng.choice(CATEGORIES)],
                description="回放：楼道堆放杂物", source="api",
                building=buildings[rng.choice(ids)], reporter_phone=rng.choice(phones),
                received_at=start + dt.timedelta(minutes=1, seconds=i))
        alerting.evaluate_pending(now=start + dt.timedelta(minutes=1, seconds=(b + 1) * per))


def _digest(since: dt.datetime, rows_out: str | None) -> tuple[int, str]:
    from shequ.ledgers.models import EarlyWarning

    rows = []
    for w in (EarlyWarning.objects.filter(updated_at__gte=since).order_by("key")
              .prefetch_related("cases")):
        rows.append([w.key, w.kind, w.level, w.state, w.title, w.assignee_id, w.grid_id, w.path,
                     json.dumps(w.detail, sort_keys=True), sorted(c.pk for c in w.cases.all())])
    if rows_out:
        with open(rows_out, "w") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return len(rows), hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1500)
    ap.add_argument("--batches", type=int, default=6)
    ap.add_argument("--rows", help="also write the warnings compared, one JSON line each")
    args = ap.parse_args()
    cases_bench.working_copy(DB)
    benchlib.setup_django(DB)
    from django.utils import timezone

    began = timezone.now()
    _replay(args.cases, args.batches)
    count, digest = _digest(began, args.rows)
    print(f"warnings raised or extended: {count}; digest {digest}")
    print("written", benchlib.write_json("warning_replay", {
        "cases": args.cases, "batches": args.batches, "warnings": count, "digest": digest}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
