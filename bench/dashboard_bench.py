"""The dashboard at district-demo size (12 streets, 40 communities, 311 grids, 380k
residents, 400k cases, the participation modules): the worker's refresh of the cached
figures; the district dashboard warm (p50/p95 over repeated requests) and cold (the first
request of a fresh process, with the worker's cache in place; and with no cache at all,
every figure computed live); one figure's page with its trend; the drill-down from a
figure to its records (the case and resident lists filtered to an area); the big screen's
JSON. Targets: district dashboard ≤ 300 ms warm, ≤ 2 s cold; drill-down ≤ 100 ms.

    .venv/bin/python bench/dashboard_bench.py [--repeat 30]

Builds ``bench/out/dash_district.sqlite3`` (``shequ demo --scale district --with-cases``,
≈2 minutes) when missing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import benchlib

DB = benchlib.OUT / "dash_district.sqlite3"
WARM_MS, COLD_MS, DRILL_MS = 300.0, 2000.0, 100.0


def ensure_db():
    if not DB.exists():
        print(f"building the district with cases into {DB} …", flush=True)
        benchlib.fresh_db(DB)
        benchlib.manage(DB, "demo", "--scale", "district", "--seed", str(benchlib.SEED),
                        "--with-cases")
    else:
        benchlib.manage(DB, "migrate", "--noinput", "-v", "0")


def _client():
    from django.test import Client

    from shequ.accounts.models import User

    c = Client()
    c.force_login(User.objects.get(username="district_admin"))
    return c


def _time(client, url, repeat):
    ms = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = client.get(url)
        ms.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return benchlib.summary(ms)


def cold_once() -> None:
    """In a fresh process: the first request of the district dashboard, after the URLconf
    (every app's views) is imported — what a server does once at start, whatever page
    comes first; its time is reported apart."""
    benchlib.setup_django(DB)
    from django.test.utils import setup_test_environment
    from django.urls import get_resolver, reverse

    from shequ.territory.models import Area

    setup_test_environment()
    t = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    reverse("dashboard:home")
    imports = (time.perf_counter() - t) * 1000
    url = f"/dashboard/{Area.objects.get(kind='district').pk}/"
    client = _client()
    t = time.perf_counter()
    status = client.get(url).status_code
    print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "imports_ms": imports,
                      "status": status}))


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--cold-once", action="store_true")
    args = ap.parse_args()
    if args.cold_once:
        return cold_once()
    ensure_db()
    benchlib.setup_django(DB)
    from django.db import transaction
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from shequ.core.actors import SYSTEM
    from shequ.dashboard import services
    from shequ.dashboard.models import FigureCache
    from shequ.territory.models import Area

    setup_test_environment()
    t = time.perf_counter()
    rows = services.figures_refresh(actor=SYSTEM)
    refresh_s = time.perf_counter() - t
    district = Area.objects.get(kind="district")
    street = Area.objects.filter(kind="street").order_by("path").first()
    community = Area.objects.filter(kind="community").order_by("path").first()
    client = _client()
    colds = []
    for _ in range(3):
        out = subprocess.run([sys.executable, __file__, "--cold-once"], capture_output=True,  # noqa: S603
                             text=True, check=True, env=benchlib.bench_env(DB))
        colds.append(json.loads(out.stdout.strip().splitlines()[-1]))
    with transaction.atomic():  # every figure live: the cache emptied, then put back
        FigureCache.objects.all().delete()
        client.get(f"/dashboard/{district.pk}/")
        no_cache = _time(client, f"/dashboard/{district.pk}/", 3)
        transaction.set_rollback(True)
    pages = {
        "district dashboard (warm)": f"/dashboard/{district.pk}/",
        "street dashboard": f"/dashboard/{street.pk}/",
        "community dashboard": f"/dashboard/{community.pk}/",
        "figure page: cases received, with trend": f"/dashboard/{district.pk}/ledgers.received/",
        "figure page: residents": f"/dashboard/{district.pk}/registry.residents/",
        "big screen JSON (open cases per grid)":
            f"/dashboard/{district.pk}/screen/data.json?figure=ledgers.open",
        "drill to records: cases of a street":
            f"{reverse('ledgers:case-list')}?area={street.pk}",
        "drill to records: residents of a community":
            f"{reverse('registry:resident-list')}?area={community.pk}",
    }
    results = {"refresh_s": round(refresh_s, 1), "cache_rows": rows,
               "cold": colds, "no_cache": no_cache}
    cold_ms = [c["ms"] for c in colds]
    import_ms = [c["imports_ms"] for c in colds]
    table = [["worker refresh of every cached figure", f"{refresh_s:.1f} s", "", f"{rows} rows"],
             ["new process: importing the URLconf (every app's views), once",
              f"{min(import_ms):.0f}–{max(import_ms):.0f}", "", ""],
             ["district dashboard, cold (the new process's first page)",
              f"{min(cold_ms):.0f}–{max(cold_ms):.0f}", "", "ok" if max(cold_ms) <= COLD_MS else "MISS"],
             ["district dashboard, no cache (every figure live)", no_cache["p50_ms"],
              no_cache["p95_ms"], ""]]
    for name, url in pages.items():
        client.get(url)
        s = _time(client, url, args.repeat)
        results[name] = s
        target = WARM_MS if "district dashboard" in name else DRILL_MS if "drill" in name else None
        verdict = "" if target is None else ("ok" if s["p95_ms"] <= target else "MISS")
        table.append([name, s["p50_ms"], s["p95_ms"], verdict])
    print(benchlib.table(["what", "p50 ms", "p95 ms", "target"], table))
    print("load average:", benchlib.machine()["load_avg"])
    data = {"results": results, "machine": benchlib.machine()}
    print("wrote", benchlib.write_json("dashboard", data))
    return data


if __name__ == "__main__":
    main()
