"""The 大屏 left running: headless Chromium at 1920×1080 on the district demo's big screen
(``shequ serve`` on 127.0.0.1:8681), refreshing every ``--every`` seconds for ``--refreshes``
refreshes; the page's JavaScript heap (CDP ``Performance.getMetrics``) and the browser's
memory (proportional set size of every Chromium process, from /proc) sampled as it goes,
and the trend (least squares over the samples) extrapolated to an hour at the page's
default interval (60 refreshes) and at one refresh every 5 s (720). Target: under 200 MB.

    .venv/bin/python bench/screen_memory.py [--refreshes 120] [--every 5]

Uses ``bench/out/dash_district.sqlite3`` (``dashboard_bench.py`` builds it).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import benchlib

DB = benchlib.OUT / "dash_district.sqlite3"
PORT = 8681
TARGET_MB = 200.0


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        out += kids
        todo += kids
    return out


def browser_mb() -> tuple[float, float]:
    """PSS of the Chromium processes this run started (descendants of this process): the
    renderers (the page's own memory) and all of them (browser, GPU, network, renderers)."""
    renderer = total = 0
    for pid in _descendants(os.getpid()):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "chrom" not in cmd:
            continue
        kb = _pss_kb(pid)
        total += kb
        if "--type=renderer" in cmd:
            renderer += kb
    return renderer / 1024, total / 1024


def slope(xs, ys) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--refreshes", type=int, default=120)
    ap.add_argument("--every", type=int, default=5)
    args = ap.parse_args()
    if not DB.exists():
        raise SystemExit(f"{DB} is missing: run bench/dashboard_bench.py first")
    benchlib.manage(DB, "migrate", "--noinput", "-v", "0")
    benchlib.setup_django(DB)
    from playwright.sync_api import sync_playwright

    from shequ.demo.scales import DEMO_PASSWORD
    from shequ.territory.models import Area
    from shequ.testing.server import Server

    district = Area.objects.get(kind="district").pk
    samples = []
    env = benchlib.bench_env(DB)
    env["PYTHONPATH"] = str(benchlib.ROOT / "src")  # this tree's code, not an installed one
    with Server(env, port=PORT, args=["--no-worker", "--workers", "1"]) as srv, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-background-networking", "--disable-gpu",
            "--disable-dev-shm-usage"])
        page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        page.goto(srv.url + "/login/")
        page.fill("input[name=username]", "district_admin")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit].btn-primary")
        page.wait_for_url(srv.url + "/")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        answers = []
        page.on("response", lambda r: "data.json" in r.url and answers.append(r.status))
        page.goto(f"{srv.url}/dashboard/{district}/screen/?figure=ledgers.open&every={args.every}")
        start = time.monotonic()
        while len(answers) < args.refreshes:
            page.wait_for_timeout(args.every * 1000)
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            samples.append({"refreshes": len(answers), "s": round(time.monotonic() - start, 1),
                            "js_heap_mb": round(metrics["JSHeapUsedSize"] / 2**20, 2),
                            "nodes": int(metrics["Nodes"]),
                            **dict(zip(("renderer_mb", "browser_mb"),
                                       (round(v, 1) for v in browser_mb()), strict=True))})
            print(samples[-1], flush=True)
        browser.close()
    bad = [s for s in answers if s != 200]
    xs = [s["refreshes"] for s in samples]
    half = len(samples) // 2  # the trend after the first half: start-up allocations settled
    heap = slope(xs[half:], [s["js_heap_mb"] for s in samples[half:]])
    tab = slope(xs[half:], [s["renderer_mb"] for s in samples[half:]])
    total = slope(xs[half:], [s["browser_mb"] for s in samples[half:]])
    last = samples[-1]

    def hour(n, key, trend):
        """The highest sample of the settled half, grown by the trend (a falling trend —
        the collector catching up — is taken as flat, not as a fall)."""
        top = max(s[key] for s in samples[half:])
        return round(top + max(0.0, trend) * max(0, n - xs[-1]), 1)

    result = {
        "refreshes": len(answers), "failed": len(bad), "samples": samples,
        "per_refresh_mb": {"js_heap": round(heap, 4), "renderer": round(tab, 4),
                           "browser": round(total, 4)},
        "hour_at_60s": {"renderer_mb": hour(60, "renderer_mb", tab),
                        "browser_mb": hour(60, "browser_mb", total)},
        "hour_at_5s": {"renderer_mb": hour(720, "renderer_mb", tab),
                       "browser_mb": hour(720, "browser_mb", total),
                       "js_heap_mb": hour(720, "js_heap_mb", heap)},
        "machine": benchlib.machine(),
    }
    print(benchlib.table(
        ["refreshes", "JS heap MB", "tab (renderer) MB", "whole browser MB",
         "trend tab MB/refresh", "tab after an hour at 5 s (720)", "target"],
        [[len(answers), last["js_heap_mb"], last["renderer_mb"], last["browser_mb"],
          round(tab, 4), result["hour_at_5s"]["renderer_mb"],
          "ok" if result["hour_at_5s"]["renderer_mb"] <= TARGET_MB else "MISS"]]))
    print("wrote", benchlib.write_json("screen_memory", result))
    return result


if __name__ == "__main__":
    main()
