"""Ledger benchmarks on the district demo plus one year of cases (≈400k).

    .venv/bin/python bench/cases_bench.py [--part list|warnings|weekly|intake ...]
        [--per-year 400000] [--n 200] [--seconds 20 | --cases N] [--rebuild]

Builds ``bench/out/ledgers/cases.sqlite3`` once (a copy of ``bench/out/district.sqlite3``,
migrated, plus ``demo_cases``), then measures:

- list: the case list for district / street / community / grid / supervisor accounts with
  random filter combinations (ledger, category, status, area, overdue, date range): the
  selector with the first keyset page and the capped count, the JSON API, the HTML page
  through Django's test Client and, when the list runs past one page, the count fragment
  the page loads after it (htmx). Target p95 ≤ 100 ms.
- warnings: a full early-warning pass from no warnings (inside a rolled-back
  transaction), and a repeat pass. Target ≤ 10 s.
- weekly: the weekly summary of communities. Target ≤ 1 s.
- intake: POST /api/v1/ledgers/cases under ``shequ serve`` (granian and the task worker) on
  a copy of the database, from client processes holding keep-alive connections; then how
  long the worker takes to evaluate the burst's early warning. Target ≥ 500 cases/s.
Writes ``bench/out/cases_bench.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import benchlib

OUT = benchlib.OUT / "ledgers"
DB = OUT / "cases.sqlite3"
INTAKE_DB = OUT / "intake.sqlite3"
PORT = int(os.environ.get("BENCH_PORT", "8510"))
# BENCH_SERVE_ARGS="--threads 4": other options of shequ serve, to compare.
SERVE_ARGS = os.environ.get("BENCH_SERVE_ARGS", "").split()
# BENCH_SERVER_SETTINGS=module: run the server with other settings (e.g. persistent
# database connections) to compare.
SERVER_ENV = ({"DJANGO_SETTINGS_MODULE": os.environ["BENCH_SERVER_SETTINGS"]}
              if os.environ.get("BENCH_SERVER_SETTINGS") else {})
TARGETS = {"list_p95_ms": 100, "warnings_s": 10, "weekly_s": 1, "intake_per_s": 500}


def env_for(db):
    env = benchlib.bench_env(db)
    env["SHEQU_HOME"] = str(OUT)
    return env


def build(per_year: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    src = benchlib.ensure_district()
    for suffix in ("", "-wal", "-shm"):
        (OUT / f"cases.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(src, DB)
    for args in (["migrate", "--noinput", "-v", "0"],
                 ["demo_cases", "--per-year", str(per_year)]):
        print("manage.py", *args, flush=True)
        subprocess.run([sys.executable, str(benchlib.ROOT / "manage.py"), *args],  # noqa: S603
                       env=env_for(DB), cwd=benchlib.ROOT, check=True)


def working_copy(path) -> None:
    """A fresh copy of the bench database at ``path`` (built first if missing), migrated by
    this tree's code: the old and the new code each measure their own schema."""
    if not DB.exists():
        build(400_000)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.copy(DB, path)
    benchlib.manage(path, "migrate", "--noinput", "-v", "0")


# -- list ---------------------------------------------------------------------------------
def drop_queued_tasks(path) -> None:
    """Empty the copy's task queue: the demo leaves work queued (the dashboard's figure
    refresh, a minute of CPU on the district), which the server's task worker would run in
    the middle of the burst and count as intake's."""
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM django_tasks_database_dbtaskresult WHERE status = 'READY'")


def _list_page(user, filters):
    """What the list page and its count fragment ask the database: the first keyset page
    and the capped count."""
    from shequ.ledgers import paging, selectors

    qs = selectors.case_list(actor=user, filters=filters)
    return paging.newest_first(qs, limit=30, cursor=None), paging.capped_count(qs)


def bench_list(n: int) -> dict:
    from django.test import Client

    from shequ.accounts.models import User
    from shequ.accounts.services import api_token_create
    from shequ.core.actors import SYSTEM
    from shequ.ledgers import selectors
    from shequ.ledgers.models import CaseState, Category, Ledger
    from shequ.territory.models import Area

    rng = random.Random(7)
    categories = list(Category.objects.all())
    users = {name: User.objects.get(username=name) for name in
             ("district_admin", "street_admin", "community_staff", "supervisor", "grid_worker")}
    client = Client()
    results, rows = {}, []
    for name, user in users.items():
        areas = list(Area.objects.for_actor(user, "view_cases").exclude(kind="district"))
        _token, raw = api_token_create(actor=SYSTEM, user=user, name="bench")
        client.force_login(user)
        sel, api, page, count, slow = [], [], [], [], []
        for _ in range(n):
            f, q = {}, {}
            if rng.random() < 0.35:
                q["ledger"] = f["ledger"] = rng.choice(Ledger.values)
            if rng.random() < 0.35:
                c = rng.choice(categories)
                f["category"], q["category"] = c, c.code
            if rng.random() < 0.35:
                s = rng.choice([*CaseState.values, "open"])
                f["states"] = ["received", "assigned", "in_progress", "escalated"] \
                    if s == "open" else [s]
                q["state"] = s
            if areas and rng.random() < 0.35:
                a = rng.choice(areas)
                f["area"], q["area"] = a, a.pk
            if rng.random() < 0.2:
                f["overdue"] = q["overdue"] = True
            if rng.random() < 0.35:
                start = dt.date(2025, 12, 1) + dt.timedelta(days=rng.randint(0, 350))
                end = start + dt.timedelta(days=rng.choice([0, 6, 30]))
                f["date_from"], f["date_to"] = start, end
                q["date_from"], q["date_to"] = start.isoformat(), end.isoformat()
            ms, _r = benchlib.timed(_list_page, user, selectors.CaseFilters(**f))
            sel.append(ms)
            slow.append((ms, q))
            ms, resp = benchlib.timed(client.get, "/api/v1/ledgers/cases",
                                      {**q, "limit": 30}, HTTP_AUTHORIZATION=f"Bearer {raw}")
            assert resp.status_code == 200, resp.content[:300]
            api.append(ms)
            web = {k: ("on" if v is True else v) for k, v in q.items()}
            if "category" in web:
                web["category"] = f["category"].pk
            ms, resp = benchlib.timed(client.get, "/cases/", web)
            assert resp.status_code == 200
            page.append(ms)
            count_ms = 0.0
            if b'hx-get="/cases/count/' in resp.content:  # more than a page: count apart
                count_ms, resp = benchlib.timed(client.get, "/cases/count/", web)
                assert resp.status_code == 200
                count.append(count_ms)
            slow[-1] = (page[-1], count_ms, q)
        if os.environ.get("BENCH_SLOW"):
            for ms, count_ms, q in sorted(slow, key=lambda x: -x[0])[:5]:
                print(f"  slow {name} page {ms:.1f} ms (count {count_ms:.1f} ms) {q}")
        results[name] = {"selector": benchlib.summary(sel), "api": benchlib.summary(api),
                         "page": benchlib.summary(page),
                         "count": benchlib.summary(count) if count else None}
        rows.append([name, results[name]["selector"]["p95_ms"], results[name]["api"]["p95_ms"],
                     results[name]["page"]["p95_ms"], results[name]["page"]["max_ms"],
                     results[name]["count"]["p95_ms"] if count else "-"])
    print(benchlib.table(["user", "selector p95", "API p95", "page p95", "page max",
                          "count p95"], rows))
    return results


# -- warnings ------------------------------------------------------------------------------
class _Rollback(Exception):
    pass


def bench_warnings(repeat: int = 3) -> dict:
    from django.db import transaction

    from shequ.ledgers import alerting
    from shequ.ledgers.models import Case, EarlyWarning

    end = Case.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    cold, counts = [], {}
    for _ in range(repeat):
        try:
            with transaction.atomic():
                EarlyWarning.cases.through.objects.all().delete()
                EarlyWarning.objects.all().delete()
                t = time.perf_counter()
                counts = alerting.run_all(now=end)
                cold.append(time.perf_counter() - t)
                raise _Rollback
        except _Rollback:
            pass
    t = time.perf_counter()
    alerting.run_all(now=end)
    warm = time.perf_counter() - t
    raised = sum(v for k, v in counts.items() if k.endswith("_raised"))
    print(f"full warning pass from nothing: {min(cold):.2f}–{max(cold):.2f} s "
          f"({raised} warnings); repeat pass {warm:.2f} s")
    return {"cold_s": [round(x, 2) for x in cold], "repeat_s": round(warm, 2),
            "raised": counts}


# -- weekly ---------------------------------------------------------------------------------
def bench_weekly() -> dict:
    from shequ.accounts.models import User
    from shequ.supervision import selectors
    from shequ.territory.models import Area

    admin = User.objects.get(username="district_admin")
    communities = list(Area.objects.filter(kind="community").order_by("path"))[:20]
    ms = []
    for c in communities:
        for day in (dt.date.today(), dt.date.today() - dt.timedelta(days=70)):
            # the whole summary: every subject's section, the comments, the open flags
            t, _s = benchlib.timed(selectors.weekly, actor=admin, community=c, day=day)
            ms.append(t)
    s = benchlib.summary(ms)
    print(f"weekly summary ({len(ms)} community-weeks): p50 {s['p50_ms']} ms, "
          f"p95 {s['p95_ms']} ms, max {s['max_ms']} ms")
    return s


# -- intake ---------------------------------------------------------------------------------
def _prepare_intake(workers: int) -> list[tuple[str, list[int]]]:
    """Tokens of grid workers and the buildings of their grids."""
    from shequ.accounts.models import Grant
    from shequ.accounts.services import api_token_create
    from shequ.core.actors import SYSTEM
    from shequ.territory.models import Building

    out = []
    for g in Grant.objects.filter(role="grid_worker").select_related("user")[:workers]:
        _t, raw = api_token_create(actor=SYSTEM, user=g.user, name="bench")
        out.append((raw, list(Building.objects.filter(grid_id=g.area_id)
                              .values_list("id", flat=True))))
    return out


def _client(args) -> tuple[int, int, list[float], float]:
    creds, seconds, seed, threads, quota = args
    import threading

    cpu = time.process_time()
    rng = random.Random(seed)
    stop = time.time() + seconds
    ok, failed, lat = [0], [0], []
    lock = threading.Lock()
    cats = ["sanitation", "noise", "property_dispute", "neighbour_dispute", "complaint"]

    def loop():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        sent = 0
        while time.time() < stop and (quota is None or sent < quota):
            sent += 1
            token, buildings = rng.choice(creds)
            body = json.dumps({"category": rng.choice(cats), "building": rng.choice(buildings),
                               "description": "压测：楼道堆放杂物", "source": "api",
                               "reporter_phone": f"139{rng.randint(0, 99_999_999):08d}"})
            t = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/ledgers/cases", body,
                             {"Authorization": f"Bearer {token}",
                              "Content-Type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                good = resp.status == 201
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                good = False
            with lock:
                lat.append((time.perf_counter() - t) * 1000)
                if good:
                    ok[0] += 1
                else:
                    failed[0] += 1

    ts = [threading.Thread(target=loop) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return ok[0], failed[0], lat, time.process_time() - cpu


def bench_intake(seconds: int, clients: int = 2, threads: int = 4, cases: int | None = None
                 ) -> dict:
    """Intake through the real ``shequ serve`` (granian and its task worker, which now
    evaluates the early-warning rules), on a copy of the database. With ``cases``, each
    connection sends its share and stops (a fixed amount of work, for ``farm-bench``)."""
    quota = None if cases is None else -(-cases // (clients * threads))
    from shequ.testing.server import Server

    working_copy(INTAKE_DB)
    drop_queued_tasks(INTAKE_DB)
    env = {**env_for(INTAKE_DB), **SERVER_ENV}
    creds = json.loads(subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--tokens-for", str(INTAKE_DB)], env=env, cwd=benchlib.ROOT,
        check=True, capture_output=True, text=True).stdout)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(benchlib.ROOT / "src"),
                                                      os.environ.get("PYTHONPATH")]))
    (OUT / "intake-serve.log").unlink(missing_ok=True)
    server = Server(env, port=PORT, args=SERVE_ARGS, log=OUT / "intake-serve.log").start()
    try:
        for _ in range(600):  # the task worker too, or the burst would run without it
            if "Starting worker" in server.output():
                break
            time.sleep(0.1)
        _client((creds, 2, 0, 2, None))  # warm-up: imports, connections
        # The pool's processes die on TERM as Pool.terminate expects: they must not inherit
        # main()'s clean-up handler (with it, leaving the pool hung waiting on a worker).
        with mp.Pool(clients, initializer=signal.signal,
                     initargs=(signal.SIGTERM, signal.SIG_DFL)) as pool:
            cpu = benchlib.tree_cpu(server.process.pid)
            t = time.perf_counter()
            parts = pool.map(_client, [(creds, seconds if cases is None else 600, i + 1,
                                        threads, quota) for i in range(clients)])
            wall = time.perf_counter() - t
            backlog = _warning_backlog(env)
            after = benchlib.tree_cpu(server.process.pid)
            per_process = sorted((round(after[p] - cpu.get(p, 0), 1), benchlib.process_name(p))
                                 for p in after)
            cpu = sum(after.values()) - sum(cpu.values())
    finally:
        server.stop()
    ok = sum(p[0] for p in parts)
    failed = sum(p[1] for p in parts)
    s = benchlib.summary([x for p in parts for x in p[2]])
    rate = ok / wall
    label = f"shequ serve {' '.join(SERVE_ARGS)}".strip()
    cpu_ms = cpu * 1000 / max(ok, 1)
    client_ms = sum(p[3] for p in parts) * 1000 / max(ok, 1)
    print(f"intake: {ok} cases in {wall:.1f} s = {rate:.0f} cases/s ({failed} failed), "
          f"latency p50 {s['p50_ms']} ms p95 {s['p95_ms']} ms; {label}, "
          f"{clients}×{threads} keep-alive client connections; server CPU (web + task "
          f"worker, early warning included) {cpu_ms:.2f} ms per case, load generator "
          f"{client_ms:.2f} ms; load average "
          f"{os.getloadavg()[0]:.1f}; early warning: {backlog}; CPU s per process {per_process}")
    return {"cases": ok, "failed": failed, "seconds": round(wall, 1),
            "server_cpu_ms_per_case": round(cpu_ms, 2),
            "client_cpu_ms_per_case": round(client_ms, 2),
            "per_s": round(rate, 1), "latency": s, "server": label, "warnings": backlog,
            "settings": env["DJANGO_SETTINGS_MODULE"], "connections": clients * threads}


def _warning_backlog(env) -> dict:
    """How long the task worker takes, after the burst, to have evaluated every case."""
    code = ("import time\n"
            "from shequ.ledgers.models import PendingWarningCheck as P\n"
            "t = time.monotonic(); left = P.objects.count(); start = left\n"
            "while left and time.monotonic() - t < 120:\n"
            "    time.sleep(0.5); left = P.objects.count()\n"
            "print(start, left, round(time.monotonic() - t, 1))\n")
    try:
        out = subprocess.run([sys.executable, "-m", "shequ.cli", "shell", "-c", code],  # noqa: S603
                             env=env, check=True, capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as exc:
        return {"error": exc.stderr[-300:]}
    start, left, waited = out.strip().splitlines()[-1].split()
    return {"pending_after_burst": int(start), "pending_at_end": int(left),
            "drained_s": float(waited)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", action="append",
                    choices=["list", "warnings", "weekly", "intake"])
    ap.add_argument("--per-year", type=int, default=400_000)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--cases", type=int, help="intake: send this many cases instead")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--tokens-for")
    args = ap.parse_args()
    # A TERM (farm-bench's time-out, an operator) runs the clean-up: the server stops.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.tokens_for:
        benchlib.setup_django(args.tokens_for)
        print(json.dumps(_prepare_intake(1000)))
        return 0
    if args.rebuild or not DB.exists():
        build(args.per_year)
    parts = args.part or ["list", "warnings", "weekly", "intake"]
    os.environ["SHEQU_HOME"] = str(OUT)
    benchlib.setup_django(DB)
    from shequ.ledgers.models import Case

    result = {"cases": Case.objects.count(), "targets": TARGETS}
    if "list" in parts:
        result["list"] = bench_list(args.n)
    if "warnings" in parts:
        result["warnings"] = bench_warnings()
    if "weekly" in parts:
        result["weekly"] = bench_weekly()
    if "intake" in parts:
        result["intake"] = bench_intake(args.seconds, cases=args.cases)
    path = benchlib.write_json("cases_bench", result)
    print("written", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
