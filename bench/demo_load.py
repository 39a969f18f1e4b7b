"""Wall time and peak memory of ``shequ demo --scale district`` on SQLite (the territory,
people and party part: ``--no-participation``, so the module benchmarks add their own
volunteers, cases… on top of a plain district).

The load runs in a child process (after ``migrate`` in another child) so its peak resident
set size can be read with ``getrusage(RUSAGE_CHILDREN)``; the database it builds becomes
``bench/out/district.sqlite3`` for the other benchmarks.

    .venv/bin/python bench/demo_load.py [--scale district] [--seed 2026]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import benchlib

TARGET_S, TARGET_MB = 90, 1536


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="district")
    ap.add_argument("--seed", type=int, default=benchlib.SEED)
    args = ap.parse_args()
    db = benchlib.OUT / f"load-{args.scale}.sqlite3"
    benchlib.fresh_db(db)  # migrate happens here, in an earlier child
    cmd = [sys.executable, str(benchlib.ROOT / "manage.py"), "demo", "--scale", args.scale,
           "--seed", str(args.seed), "--no-participation"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=benchlib.bench_env(db), cwd=benchlib.ROOT,  # noqa: S603
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    # The largest of all children so far: the migrate child is far smaller than the load.
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux
    loaded = next((line for line in proc.stdout.splitlines() if line.startswith("Loaded")), "")
    size_mb = db.stat().st_size / 1024 / 1024
    if args.scale == "district":
        for suffix in ("", "-wal", "-shm"):
            src = db.with_name(db.name + suffix)
            if src.exists():
                src.replace(benchlib.DISTRICT_DB.with_name(benchlib.DISTRICT_DB.name + suffix))
    result = {
        "scale": args.scale, "seed": args.seed, "wall_s": round(wall, 1),
        "peak_rss_mb": round(peak_kb / 1024, 0),
        "db_size_mb": round(size_mb, 0), "generator_said": loaded,
        "targets": {"wall_s": TARGET_S, "peak_rss_mb": TARGET_MB},
    }
    print(benchlib.table(
        ["what", "value", "target"],
        [["wall time (s)", result["wall_s"], f"≤ {TARGET_S}"],
         ["peak RSS (MB)", result["peak_rss_mb"], f"≤ {TARGET_MB}"],
         ["database size (MB)", result["db_size_mb"], ""]]))
    print(loaded)
    print("wrote", benchlib.write_json("demo_load", result))
    return result


if __name__ == "__main__":
    main()
