"""Set-up import benchmark (issue 11): a territory of 300 grids, then 15,000 party members,
each imported by ``shequ.imports`` into a fresh SQLite database, from workbooks this script
writes itself.

    .venv/bin/python bench/setup_import_bench.py [--grids 300] [--members 15000]

Timed, wall clock and this process's CPU time (the fairer figure on a shared machine): the
whole ``imports.services.import_file`` call (reading the workbook, every row's checks,
writes and audit records, one transaction), then the same file again (the idempotent
re-import: everything unchanged); the database is SQLite. The members belong to branches of
the imported communities; none is in the registry yet, so each is also registered as a
(floating) resident — the costly case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红"


def id_number(rng: random.Random, n: int) -> str:
    from shequ.core.validators import id_check_char

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    seq = f"{n % 1000:03d}"
    first17 = f"511703{birth:%Y%m%d}{seq}"
    return first17 + id_check_char(first17), birth


def build(work: Path, grids: int, members: int) -> tuple[Path, Path, Path]:
    import openpyxl

    rng = random.Random(11)
    streets = max(1, grids // 100)
    per_street = grids // streets
    communities_per_street = max(1, per_street // 5)
    territory = openpyxl.Workbook()
    ws = territory.active
    ws.append(["某区街道社区网格一览表"])
    ws.append(["街道", "社区", "社区代码", "网格", "网格员", "网格员电话"])
    communities = []
    made = 0
    for s in range(1, streets + 1):
        for c in range(1, communities_per_street + 1):
            code = f"511703{s:03d}{c:03d}"
            communities.append((f"第{s}街道", f"第{s}-{c}社区", code))
            for g in range(1, 6):
                if made == grids:
                    break
                ws.append([f"第{s}街道", f"第{s}-{c}社区", code, f"第{g}网格",
                           rng.choice(SURNAMES) + rng.choice(GIVEN), f"138{rng.randrange(10**8):08d}"])
                made += 1
    t_path = work / "territory.xlsx"
    territory.save(t_path)
    orgs = openpyxl.Workbook()
    ws = orgs.active
    ws.append(["党组织名称", "类型", "上级组织", "所在社区"])
    ws.append(["中共某区委员会", "区委", "", ""])
    for s in range(1, streets + 1):
        ws.append([f"第{s}街道党工委", "党工委", "中共某区委员会", f"第{s}街道"])
    branches = []
    for street, community, _code in communities:
        ws.append([f"{community}党委", "社区党委", f"{street}党工委", community])
        for b in (1, 2):
            ws.append([f"{community}第{b}党支部", "党支部", f"{community}党委", community])
            branches.append(f"{community}第{b}党支部")
    o_path = work / "party-orgs.xlsx"
    orgs.save(o_path)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("党员")
    ws.append(["姓名", "性别", "身份证号码", "所属党组织", "入党时间", "党籍状态", "联系电话",
               "是否在职"])
    seen = set()
    n = 0
    while n < members:
        number, birth = id_number(rng, rng.randrange(10**6))
        if number in seen:
            continue
        seen.add(number)
        gender = "男" if int(number[16]) % 2 else "女"
        joined = birth + dt.timedelta(days=365 * 20 + rng.randrange(0, 3000))
        ws.append([rng.choice(SURNAMES) + rng.choice(GIVEN), gender, number,
                   rng.choice(branches), joined.isoformat(), "正式党员",
                   f"139{rng.randrange(10**8):08d}", rng.choice(["是", "否"])])
        n += 1
    m_path = work / "party-members.xlsx"
    wb.save(m_path)
    return t_path, o_path, m_path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grids", type=int, default=300)
    parser.add_argument("--members", type=int, default=15000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="setup-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shequ.settings.dev"
    os.environ["SHEQU_DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    os.environ["SHEQU_HOME"] = str(work)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from shequ.core.actors import SYSTEM
    from shequ.imports import services

    call_command("migrate", verbosity=0)
    t_path, o_path, m_path = build(work, args.grids, args.members)
    district = services.district_ensure("511703", "某区")
    for label, path in (("territory", t_path), ("party-orgs", o_path),
                        ("party-members", m_path)):
        for run in ("first", "again"):
            start, cpu = time.perf_counter(), time.process_time()
            result = services.import_file(actor=SYSTEM, kind=label, path=path, into=district)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"{label:14} {run:5} {took:7.2f} s wall {cpu:7.2f} s CPU  "
                  f"{result.summary_line()}")
    print("load average:", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
