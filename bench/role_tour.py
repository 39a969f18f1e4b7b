"""Issue 8's acceptance: every demo role tours its whole menu in headless Chromium against
a real ``shequ serve`` on the small demo, and no request takes over 2 s.

    .venv/bin/python bench/role_tour.py [--port 8112] [--serve-args "--threads 2"]
        [--load N]

Reuses ``bench/out/serve/`` (built by ``serve_bench.py``: ``demo --scale small
--with-cases``). With ``--load N``, N other signed-in users browse meanwhile (the browser
load of ``serve_bench.py``), as in an office's morning. Prints the slowest requests of
each role and exits 1 if any request took over 2 s or was refused. Writes
``bench/out/role_tour.json``.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import threading

import benchlib
import serve_bench

sys.path.insert(0, str(benchlib.ROOT / "src"))
from shequ.testing.server import Server  # noqa: E402
from shequ.testing.tour import tour  # noqa: E402

ROLES = ["district_admin", "street_admin", "community_staff", "supervisor", "grid_worker",
         "unit_liaison", "party_member", "resident", "sysadmin", "secadmin", "auditor"]
LIMIT_MS = 2000
CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8112)
    ap.add_argument("--serve-args", default="")
    ap.add_argument("--load", type=int, default=0, help="users browsing meanwhile")
    args = ap.parse_args()
    env = serve_bench.build()
    from playwright.sync_api import sync_playwright

    rows, result = [], {"roles": {}, "limit_ms": LIMIT_MS, "load": args.load}
    worst = []
    with Server(env, port=args.port, args=shlex.split(args.serve_args)) as server:
        background = None
        if args.load:
            background = threading.Thread(target=serve_bench.browse,
                                          args=(args.port, args.load, 60))
            background.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM,
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-dev-shm-usage"])
            for role in ROLES:
                pages, hits = tour(browser, server.url, role, serve_bench.PASSWORD)
                slowest = max(hits, key=lambda h: h.ms)
                browsing = max((h for h in hits if h.method == "GET"), key=lambda h: h.ms)
                refused = [h for h in hits if not 200 <= h.status < 400]
                worst += [h for h in hits if h.ms > LIMIT_MS] + refused
                rows.append([role, len(pages), len(hits), f"{slowest.method} {slowest.url[:30]}",
                             slowest.ms, browsing.url[:40], browsing.ms, len(refused)])
                result["roles"][role] = {"pages": len(pages), "requests": len(hits),
                                         "slowest_ms": slowest.ms, "slowest": slowest.url,
                                         "slowest_get_ms": browsing.ms,
                                         "slowest_get": browsing.url,
                                         "refused": [f"{h.url} {h.status}" for h in refused]}
            browser.close()
        if background is not None:
            background.join()
    print(benchlib.table(["role", "pages", "requests", "slowest request", "ms",
                          "slowest page/fragment GET", "ms", "refused"], rows))
    print(f"load average {benchlib.machine()['load_avg'][0]:.1f} (the sign-in POST hashes "
          "the password: PBKDF2, slow by design)")
    for h in worst:
        print(f"  FAIL {h.role} on {h.page}: {h.url} {h.status} {h.ms} ms")
    result["over_limit"] = [f"{h.role} {h.url} {h.ms}" for h in worst if h.ms > LIMIT_MS]
    print("written", benchlib.write_json("role_tour", result))
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())
