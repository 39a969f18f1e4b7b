"""Shared helpers for the benchmarks: the district database, Django set-up, statistics,
machine description, and the table/JSON output. Run benchmarks from the repository root:
``.venv/bin/python bench/<name>.py``."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DISTRICT_DB = OUT / "district.sqlite3"
SEED = 2026


def bench_env(db_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "shequ.settings.dev"
    env["SHEQU_DATABASE_URL"] = f"sqlite:///{db_path}"
    env["SHEQU_HOME"] = str(OUT)
    env["SHEQU_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    env.pop("SHEQU_DEBUG", None)
    return env


def manage(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed args
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=bench_env(db_path), cwd=ROOT, check=True, capture_output=True, text=True,
    )


def fresh_db(db_path: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    manage(db_path, "migrate", "--noinput", "-v", "0")


def build_district(db_path: Path = DISTRICT_DB, seed: int = SEED) -> None:
    """A fresh database with ``demo --scale district`` in it (≈1 minute)."""
    print(f"building the district into {db_path} …", flush=True)
    fresh_db(db_path)
    manage(db_path, "demo", "--scale", "district", "--seed", str(seed),
           "--no-participation")


def ensure_district() -> Path:
    """The district database, built if missing and brought up to the current schema (a
    database built before a migration landed would otherwise fail on the new columns)."""
    if not DISTRICT_DB.exists():
        build_district()
    else:
        manage(DISTRICT_DB, "migrate", "--noinput", "-v", "0")
    return DISTRICT_DB


def setup_django(db_path: Path) -> None:
    (OUT / "var" / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT under SHEQU_HOME
    os.environ.update(bench_env(db_path))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - t) * 1000.0, result


def summary(ms: list[float]) -> dict:
    s = sorted(ms)

    def pct(p: float) -> float:
        return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]

    return {"n": len(s), "p50_ms": round(statistics.median(s), 2), "p95_ms": round(pct(95), 2),
            "max_ms": round(s[-1], 2), "mean_ms": round(statistics.fmean(s), 2)}


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds per process of a process tree (the process and its live descendants)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        out[p] = stats.get(p, (0, 0))[1] / ticks
        todo += [c for c, (ppid, _t) in stats.items() if ppid == p]
    return out


def process_name(pid: int) -> str:
    """A short name for a process of the server's tree (its command line's last words)."""
    try:
        words = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    return " ".join(w.decode(errors="replace").rsplit("/", 1)[-1] for w in words if w)[-60:]


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "load_avg": os.getloadavg(),
    }


def table(headers: list[str], rows: list[list]) -> str:
    cells = [headers] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(name: str, data: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    data = {"bench": name, "at": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine(),
            **data}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n",
                    encoding="utf-8")
    return path
