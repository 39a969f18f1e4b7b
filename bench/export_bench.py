"""District export benchmark: 380k residents to one .xlsx, streamed, with flat memory.

    .venv/bin/python bench/export_bench.py [--residents 380000] [--community 100000]

Set-up builds a district in SQLite whose first community holds ``--community`` residents
and whose other three share the rest (written through the importer's own insert path).
Each export then runs in its own process as a district administrator through the scoped
selector, so its peak RSS is its own: the first community (100k rows) and the whole district
(380k rows), masked, and the district again with ID numbers and phones revealed (decrypted
per row, one audit record). Flat memory means the 380k peak is close to the 100k peak.
Timings taken while other work runs on the machine are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bench import GIVEN, SURNAMES, django_setup, peak_rss_mb  # noqa: E402

# 统计用区划代码 shape (area codes are checked since issue 11)
DISTRICT = "511798"

BUILDINGS, ENTRANCES, FLOORS = 40, 4, 18  # rooms per community: 40 * 4 * 18 * 2 = 5760


def setup(work: Path, residents: int, first: int) -> None:
    django_setup(work / "export.sqlite3", work)
    from django.core.management import call_command
    from django.db import connection, transaction

    from shequ.core.actors import SYSTEM
    from shequ.core.validators import parse_id_number
    from shequ.rosters import writing
    from shequ.rosters.planning import Row
    from shequ.territory import services as ts
    from shequ.territory.models import Building, Entrance, Household
    from shequ.testing import factories

    call_command("migrate", verbosity=0)
    d = ts.area_create(actor=SYSTEM, kind="district", name="达川区", code=DISTRICT, parent=None)
    s = ts.area_create(actor=SYSTEM, kind="street", name="翠屏街道", code=f"{DISTRICT}001", parent=d)
    rnd = random.Random(380)
    sizes = [first] + [(residents - first) // 3] * 2
    sizes.append(residents - sum(sizes))
    serial = 0
    for ci, size in enumerate(sizes):
        c = ts.area_create(actor=SYSTEM, kind="community", name=f"社区{ci}", code=f"{DISTRICT}001{ci + 1:03d}",
                           parent=s)
        grid = ts.area_create(actor=SYSTEM, kind="grid", name="网格", code=f"{DISTRICT}001{ci + 1:03d}001", parent=c)
        compound, _ = ts.compound_get_or_create(community=c, name=f"小区{ci}")
        buildings = Building.objects.bulk_create(
            Building(grid=grid, compound=compound, name=f"{b}栋", path=grid.path)
            for b in range(1, BUILDINGS + 1))
        entrances = Entrance.objects.bulk_create(
            Entrance(building=b, name=f"{e}单元", path=b.path)
            for b in buildings for e in range(1, ENTRANCES + 1))
        Household.objects.bulk_create(
            (Household(entrance=e, room=f"{f}0{r}", path=e.path, address="")
             for e in entrances for f in range(1, FLOORS + 1) for r in (1, 2)),
            batch_size=2000)
        households = list(Household.objects.filter(entrance__building__compound=compound)
                          .values_list("id", "path"))
        rows = []
        for _ in range(size):
            birth = dt.date(1930, 1, 1) + dt.timedelta(days=serial % 25000)
            idn = factories.make_id_number(birth=birth, gender=rnd.choice("MF"),
                                           serial=serial // 25000)
            serial += 1
            rows.append(Row(number=serial, name=rnd.choice(SURNAMES) + rnd.choice(GIVEN),
                            id=parse_id_number(idn), phone=f"139{serial:08d}",
                            household=rnd.choice(households), status="new"))
        with transaction.atomic():
            writing._insert(rows, {}, None)
    factories.user("district_admin", d, username="district-admin")
    with connection.cursor() as cur:
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def run(work: Path, scope: str, reveal: bool) -> dict:
    django_setup(work / "export.sqlite3", work)
    from shequ.accounts.models import User
    from shequ.rosters.exporting import export_residents
    from shequ.territory.models import Area

    actor = User.objects.get(username="district-admin")
    area = Area.objects.get(code=scope)
    t0 = time.perf_counter()
    n = export_residents(actor=actor, area=area, out=work / f"{scope}.xlsx", reveal=reveal,
                         reason="benchmark" if reveal else "")
    seconds = time.perf_counter() - t0
    return {"rows": n, "seconds": seconds, "peak_rss_mb": peak_rss_mb(),
            "file_mb": (work / f"{scope}.xlsx").stat().st_size / 1e6}


def child(work: Path, *args: str) -> dict:
    cmd = [sys.executable, __file__, "--work", str(work), *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=380_000)
    ap.add_argument("--community", type=int, default=100_000)
    ap.add_argument("--work")
    ap.add_argument("--phase", choices=["setup", "run"])
    ap.add_argument("--scope")
    ap.add_argument("--reveal", action="store_true")
    args = ap.parse_args()
    if args.phase == "setup":
        setup(Path(args.work), args.residents, args.community)
        print(json.dumps({}))
        return
    if args.phase == "run":
        print(json.dumps(run(Path(args.work), args.scope, args.reveal)))
        return
    work = Path(tempfile.mkdtemp(prefix="shequ-export-bench-"))
    try:
        t0 = time.perf_counter()
        child(work, "--phase", "setup", "--residents", str(args.residents), "--community",
              str(args.community))
        print(f"set-up ({args.residents} residents): {time.perf_counter() - t0:.1f} s")
        for label, scope, reveal in (("community, masked", f"{DISTRICT}001001", False),
                                     ("district, masked", DISTRICT, False),
                                     ("district, revealed", DISTRICT, True)):
            r = child(work, "--phase", "run", "--scope", scope, *(["--reveal"] if reveal else []))
            print(f"{label:20s} {r['rows']:7d} rows  {r['seconds']:6.1f} s  peak RSS "
                  f"{r['peak_rss_mb']:5.0f} MB  file {r['file_mb']:5.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
