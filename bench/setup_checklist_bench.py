"""The set-up checklist (coverage.selectors.setup_checklist: nine COUNTs) for the district
administrator over the whole demo district, a street administrator over one street, page 1
of the largest record list, each from a user whose grants are not cached yet, and the whole
HTML page (Django test client: middleware, menu, template).
Target: the checklist ≤ 500 ms (p95).

    .venv/bin/python bench/setup_checklist_bench.py [--repeat 20]
"""

from __future__ import annotations

import argparse

import benchlib

TARGET_MS = 500.0


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    benchlib.setup_django(benchlib.ensure_district())

    from shequ.accounts.models import User
    from shequ.coverage import selectors
    from shequ.territory.models import Area

    district = Area.objects.get(kind="district")
    street = Area.objects.filter(kind="street").order_by("path").first()
    admin = User.objects.get(username="district_admin")
    street_admin, _ = User.objects.get_or_create(username="bench_street_admin")
    street_admin.grants.get_or_create(role="street_admin", area=street)

    def checklist(user, area):
        user.forget_grants()
        return selectors.setup_checklist(user, area)

    def largest_list(user, area, key):
        user.forget_grants()
        _check, qs = selectors.check_records(user, area, key)
        return [r.pk for r in qs[:50]]

    results, rows = {}, []
    for label, user, area in (("district_admin / district", admin, district),
                              ("street_admin / street", street_admin, street)):
        counts = checklist(user, area)  # warm
        ms = [benchlib.timed(checklist, user, area)[0] for _ in range(args.repeat)]
        stats = benchlib.summary(ms)
        stats["counts"] = {c["key"]: c["count"] for c in counts}
        results[label] = stats
        rows.append([label, stats["p50_ms"], stats["p95_ms"], stats["max_ms"],
                     sum(stats["counts"].values()),
                     "ok" if stats["p95_ms"] <= TARGET_MS else "MISS"])
        biggest = max(counts, key=lambda c: c["count"])["key"]
        ms = [benchlib.timed(largest_list, user, area, biggest)[0] for _ in range(args.repeat)]
        stats = benchlib.summary(ms)
        results[f"{label} · list {biggest}"] = stats
        rows.append([f"  page 1 of {biggest}", stats["p50_ms"], stats["p95_ms"],
                     stats["max_ms"], "", ""])
    from django.test import Client

    client = Client()
    client.force_login(admin)
    assert client.get("/coverage/").status_code == 200
    ms = [benchlib.timed(client.get, "/coverage/")[0] for _ in range(args.repeat)]
    stats = benchlib.summary(ms)
    results["page GET /coverage/ (district_admin)"] = stats
    rows.append(["page GET /coverage/, district_admin", stats["p50_ms"], stats["p95_ms"],
                 stats["max_ms"], "", "ok" if stats["p95_ms"] <= TARGET_MS else "MISS"])
    print(benchlib.table(["what", "p50 ms", "p95 ms", "max ms", "open items",
                          f"p95≤{TARGET_MS:.0f}"], rows))
    for label, stats in results.items():
        if "counts" in stats:
            print(label, stats["counts"])
    data = {"results": results, "target_p95_ms": TARGET_MS, "machine": benchlib.machine()}
    print("wrote", benchlib.write_json("setup_checklist", data))
    return data


if __name__ == "__main__":
    main()
