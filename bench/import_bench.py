"""Roster import benchmark: Shequ's importer against django-import-export, side by side.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--no-import-export] [--first-only]

First, the common case of a new installation (issue 11): the same roster into the community
before it has any housing, the compounds, buildings, entrances and rooms built from the file
(``--build-structure --confirm-structure``). ``BENCH_PROFILE=out.prof`` writes a cProfile of
each Shequ import (read it with ``python -m pstats out.prof``).

Then, one set-up builds a community with ~36k rooms in SQLite and a roster workbook of ``--rows``
rows (about 2 % of them invalid: wrong check digit, short phone, unknown room, an ID that
Excel destroyed, a repeated row). The database file is copied for each contender, each runs
in its own process (so peak memory is its own), and the resulting resident rows are compared.

Fairness: django-import-export 4.4 runs in its DEFAULT configuration (tablib/openpyxl reading
the .xlsx as its admin does, one transaction, a savepoint per row, an instance look-up per
row, ``save()`` per row, no bulk mode). Its Resource does the same per-row work as Shequ
through the same functions — the roster cell rules (rosters.planning), the same address
resolution, registry.pii for the encrypted/hashed/masked columns, registry.services.name_fields
for the search keys — in ``before_import_row``; invalid rows and repeats raise
ValidationError (import-export then reports them as invalid rows and imports the rest, as
Shequ's valid-rows mode does). Timings are wall-clock of the whole import including reading
the file; figures taken while other work runs on the machine are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# 统计用区划代码 shape (area codes are checked since issue 11)
DISTRICT = "511799"
COMMUNITY = f"{DISTRICT}001001"
ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉宇浩凯晨"
HEADER = ["序号", "姓名", "性别", "民族", "身份证号码", "出生日期", "联系电话", "小区", "楼栋",
          "单元", "房号", "与户主关系", "政治面貌", "人员类别", "备注"]
COMPOUNDS = ["金竹苑", "滨河花园", "翠屏小区", "凤凰小区"]
BUILDINGS, ENTRANCES, ROOMS = 25, 6, 60
COMPARED = ("id_number_hash", "name", "name_simplified", "name_pinyin", "name_initials",
            "gender", "birth_date", "id_number_masked", "id_tail4", "phone_hash",
            "phone_masked", "phone_tail4", "household_id", "relation", "ethnicity",
            "political_status", "residence_type", "note", "path", "is_active")


def django_setup(db: Path, work: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "shequ.settings.dev"
    os.environ["SHEQU_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["SHEQU_HOME"] = str(work)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished helpers: wall time on a shared machine
    stretches with the other work, this does much less."""
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                 resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def helper_peak_rss_mb() -> float:
    """Largest peak of the forked helper processes (their pages are largely shared)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# --- set-up ---------------------------------------------------------------------------

def setup(work: Path, rows: int) -> None:
    django_setup(work / "base.sqlite3", work)
    from django.core.management import call_command
    from django.db import connection

    from shequ.core.actors import SYSTEM
    from shequ.territory import services as ts
    from shequ.territory.models import Building, Entrance, Household

    call_command("migrate", verbosity=0)
    d = ts.area_create(actor=SYSTEM, kind="district", name="达川区", code=DISTRICT, parent=None)
    s = ts.area_create(actor=SYSTEM, kind="street", name="翠屏街道", code=f"{DISTRICT}001", parent=d)
    c = ts.area_create(actor=SYSTEM, kind="community", name="翠屏社区", code=COMMUNITY, parent=s)
    grids = [ts.area_create(actor=SYSTEM, kind="grid", name=f"第{i}网格",
                            code=f"{COMMUNITY}{i:03d}", parent=c)
             for i in range(1, 11)]
    with connection.cursor() as cur:  # the community before any housing: a first import
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(work / "base.sqlite3", work / "empty.sqlite3")
    for ci, cname in enumerate(COMPOUNDS):
        compound, _ = ts.compound_get_or_create(community=c, name=cname)
        buildings = Building.objects.bulk_create(
            Building(grid=grids[(ci * BUILDINGS + b) % 10], compound=compound, name=f"{b}栋",
                     path=grids[(ci * BUILDINGS + b) % 10].path)
            for b in range(1, BUILDINGS + 1))
        entrances = Entrance.objects.bulk_create(
            Entrance(building=b, name=f"{e}单元", path=b.path)
            for b in buildings for e in range(1, ENTRANCES + 1))
        Household.objects.bulk_create(
            (Household(entrance=e, room=f"{f}0{r}", path=e.path,
                       address=f"{cname}{e.building.name}{e.name}{f}0{r}")
             for e in entrances for f in range(1, ROOMS // 4 + 1) for r in range(1, 5)),
            batch_size=2000)
    with connection.cursor() as cur:
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    write_roster(work / "roster.xlsx", rows)


def write_roster(path: Path, n: int) -> None:
    from openpyxl import Workbook

    from shequ.testing.factories import make_id_number

    rnd = random.Random(20260101)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("人口台账")
    ws.append(HEADER)
    base = dt.date(1930, 1, 1)
    previous_id = ""
    for i in range(n):
        birth = base + dt.timedelta(days=i % 25000)
        gender = rnd.choice("MF")
        idn = make_id_number(birth=birth, gender=gender, serial=i // 25000)
        phone = f"13{rnd.randint(0, 9)}{rnd.randint(0, 99999999):08d}"
        room = f"{rnd.randint(1, ROOMS // 4)}0{rnd.randint(1, 4)}"
        addr = [rnd.choice(COMPOUNDS), f"{rnd.randint(1, BUILDINGS)}栋",
                f"{rnd.randint(1, ENTRANCES)}单元", room]
        id_cell: object = idn
        if i % 50 == 49:  # about 2 % invalid, five kinds
            kind = (i // 50) % 5
            if kind == 0:
                id_cell = idn[:17] + ("0" if idn[17] != "0" else "1")
            elif kind == 1:
                phone = phone[:10]
            elif kind == 2:
                addr[3] = "9999"
            elif kind == 3:
                id_cell = previous_id
            else:
                id_cell = float(idn[:17] + "0")
        previous_id = idn
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < .6
                                                           else "")
        ws.append([i + 1, name, "男" if gender == "M" else "女", "汉族", id_cell,
                   birth.isoformat(), phone, *addr, rnd.choice(["户主", "配偶", "子", "女"]),
                   rnd.choice(["群众", "群众", "中共党员", "共青团员"]),
                   rnd.choice(["户籍人口", "流动人口"]), ""])
    wb.save(path)


# --- contenders -----------------------------------------------------------------------

def run_ours(work: Path, db: Path, first: bool = False) -> dict:
    """Shequ's import; ``first``: into the community without housing, building it from the
    file (compounds, buildings, entrances, rooms), confirmed as the CLI's flag does."""
    django_setup(db, work)
    from shequ.core.actors import SYSTEM
    from shequ.rosters.services import import_file
    from shequ.territory.models import Area

    community = Area.objects.get(code=COMMUNITY)
    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = import_file(actor=SYSTEM, path=work / "roster.xlsx", community=community,
                         build_structure=first, confirm_structure=first)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    if profile is not None:
        profile.disable()
        profile.dump_stats(os.environ["BENCH_PROFILE"])  # read with python -m pstats
    from shequ.territory.models import Building, Compound, Entrance, Household

    housing = {m.__name__.lower(): m.objects.count()
               for m in (Compound, Building, Entrance, Household)}
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak_rss_mb(),
            "helper_peak_rss_mb": helper_peak_rss_mb(), "counts": result.counts,
            "housing": housing}


def run_import_export(work: Path, db: Path) -> dict:
    django_setup(db, work)
    from django.core.exceptions import ValidationError
    from import_export import fields, resources, widgets
    from import_export.formats.base_formats import XLSX

    from shequ.registry import pii
    from shequ.registry.models import Resident
    from shequ.registry.services import name_fields
    from shequ.rosters.addresses import NewHousehold, Structure
    from shequ.rosters.headers import detect_header
    from shequ.rosters.planning import Row, clean_row
    from shequ.rosters.writing import DEFAULTS
    from shequ.territory.models import Area

    community = Area.objects.get(code=COMMUNITY)
    computed = ["household", "path", "relation", "gender", "birth_date", "ethnicity",
                "political_status", "residence_type", "note", "name", "name_simplified",
                "name_pinyin", "name_initials", "id_number_enc", "id_number_hash",
                "id_number_masked", "id_tail4", "phone_enc", "phone_hash", "phone_masked",
                "phone_tail4"]

    class BinaryWidget(widgets.Widget):
        """Ciphertext passes through; import-export's change report shows it as hex (its
        default widget would try to decode the bytes as text and fail)."""

        def clean(self, value, row=None, **kwargs):
            return value or None

        def render(self, value, obj=None, **kwargs):
            return bytes(value).hex() if value else ""

    class ResidentResource(resources.ModelResource):
        id_number_enc = fields.Field(attribute="id_number_enc", column_name="id_number_enc",
                                     widget=BinaryWidget())
        phone_enc = fields.Field(attribute="phone_enc", column_name="phone_enc",
                                 widget=BinaryWidget())

        class Meta:
            model = Resident
            import_id_fields = ("id_number_hash",)
            fields = tuple(computed)

        def before_import(self, dataset, **kwargs):
            self.header = detect_header([list(dataset.headers)])
            self.labels = list(dataset.headers)
            self.structure = Structure(community)
            self.seen: set[str] = set()
            for name in computed:  # columns the Resource fills row by row
                if name not in dataset.headers:
                    dataset.append_col([""] * len(dataset), header=name)

        def before_import_row(self, row, **kwargs):
            r = Row(number=kwargs.get("row_number", 0))
            clean_row(r, {f: row.get(self.labels[i]) for f, i in self.header.columns.items()},
                      self.structure)
            if r.id is not None and r.id.value in self.seen:
                r.reject("duplicate_in_file", "id_number", "repeated")
            if r.errors or isinstance(r.household, NewHousehold):
                raise ValidationError("; ".join(m for _c, _f, m in r.errors) or "address")
            self.seen.add(r.id.value)
            row.update({
                "household": r.household[0], "path": r.household[1],
                "relation": r.relation or DEFAULTS["relation"],
                "gender": r.id.gender, "birth_date": r.id.birth_date,
                "ethnicity": r.ethnicity or DEFAULTS["ethnicity"],
                "political_status": r.political_status or DEFAULTS["political_status"],
                "residence_type": r.residence_type or DEFAULTS["residence_type"],
                "note": r.note or "",
                **name_fields(r.name),
                **pii.id_columns_for(r.id).as_fields(),
                **pii.phone_columns(r.phone).as_fields(),
            })

    t0 = time.perf_counter()
    with open(work / "roster.xlsx", "rb") as fh:
        dataset = XLSX().create_dataset(fh.read())
    result = ResidentResource().import_data(dataset)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(),
            "counts": {"new": result.totals.get("new"), "invalid": len(result.invalid_rows),
                       "errors": len(result.row_errors())}}


def digest(db: Path) -> tuple[int, str]:
    con = sqlite3.connect(db)
    rows = con.execute(f"SELECT {', '.join(COMPARED)} FROM registry_resident "  # noqa: S608
                       "ORDER BY id_number_hash").fetchall()
    con.close()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def child(phase: str, work: Path, db: Path | None = None, rows: int = 0) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--work", str(work), "--rows", str(rows)]
    if db:
        cmd += ["--db", str(db)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(out.strip().splitlines()[-1]) if out.strip() else {}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--no-import-export", action="store_true")
    ap.add_argument("--first-only", action="store_true",
                    help="only the first import (housing built from the file)")
    ap.add_argument("--phase", choices=["setup", "ours", "first", "iex"])
    ap.add_argument("--work")
    ap.add_argument("--db")
    args = ap.parse_args()
    if args.phase:
        work, db = Path(args.work), Path(args.db) if args.db else None
        if args.phase == "setup":
            setup(work, args.rows)
            print(json.dumps({}))
        else:
            fn = {"ours": run_ours, "first": lambda w, d: run_ours(w, d, first=True),
                  "iex": run_import_export}[args.phase]
            print(json.dumps(fn(work, db)))
        return
    work = Path(tempfile.mkdtemp(prefix="shequ-import-bench-"))
    try:
        t0 = time.perf_counter()
        child("setup", work, rows=args.rows)
        print(f"set-up ({args.rows} rows, {len(COMPOUNDS) * BUILDINGS * ENTRANCES * ROOMS} "
              f"rooms): {time.perf_counter() - t0:.1f} s")
        for name in ("ours", "iex"):
            shutil.copy(work / "base.sqlite3", work / f"{name}.sqlite3")
        shutil.copy(work / "empty.sqlite3", work / "first.sqlite3")
        first = child("first", work, work / "first.sqlite3")
        print(f"shequ first import:      {first['seconds']:7.2f} s (CPU {first['cpu_seconds']:.1f}"
              f" s)   peak RSS "
              f"{first['peak_rss_mb']:6.0f} MB   {first['counts']}  (housing built from the "
              f"file: {first['housing']})")
        if args.first_only:
            return
        ours = child("ours", work, work / "ours.sqlite3")
        print(f"shequ import:            {ours['seconds']:7.2f} s (CPU {ours['cpu_seconds']:.1f}"
              f" s)   peak RSS "
              f"{ours['peak_rss_mb']:6.0f} MB (helper process {ours['helper_peak_rss_mb']:.0f} MB,"
              f" mostly shared)   {ours['counts']}")
        if args.no_import_export:
            return
        iex = child("iex", work, work / "iex.sqlite3")
        print(f"django-import-export:    {iex['seconds']:7.2f} s   peak RSS "
              f"{iex['peak_rss_mb']:6.0f} MB   {iex['counts']}")
        same = digest(work / "ours.sqlite3") == digest(work / "iex.sqlite3")
        print(f"same resulting rows: {'yes' if same else 'NO'} ({digest(work / 'ours.sqlite3')[0]}"
              f" residents)")
        print(f"speed-up: {iex['seconds'] / ours['seconds']:.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
