"""Run every benchmark in sequence. The load benchmark builds bench/out/district.sqlite3;
the others reuse it. ``--skip-load`` reuses an existing district database instead of timing
a fresh load.

    .venv/bin/python bench/run_all.py [--skip-load]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

import benchlib

SCRIPTS = ("demo_load.py", "search.py", "pagination.py", "home_counts.py", "import_bench.py",
           "export_bench.py", "cases_bench.py", "home_panels.py", "volunteers_bench.py",
           "audit_bench.py", "setup_checklist_bench.py", "patrols_bench.py", "circle_bench.py")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-load", action="store_true")
    args = ap.parse_args()
    failed = []
    for script in SCRIPTS:
        if script == "demo_load.py" and args.skip_load and benchlib.DISTRICT_DB.exists():
            print("== demo_load.py skipped (reusing bench/out/district.sqlite3)")
            continue
        print(f"== {script}", flush=True)
        proc = subprocess.run([sys.executable, str(benchlib.ROOT / "bench" / script)],  # noqa: S603
                              cwd=benchlib.ROOT, check=False)
        if proc.returncode:
            failed.append(script)
    print("machine:", benchlib.machine())
    if failed:
        print("FAILED:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
