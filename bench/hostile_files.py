"""Hostile roster files (issue 9, finding 1) against the reader's bounds, and a legitimate
100,000-row roster for comparison.

    .venv/bin/python bench/hostile_files.py [--rows 100000]

Builds in a temporary directory: A1 + XFD1048576 (a 512 GiB grid for calamine), A1 +
Z1000000 (26 M cells), a zip whose sheet expands to ~366 MB of XML, a PDF renamed .xlsx,
and the import benchmark's roster. Each file is read by ``rosters.reading.read_rows`` in its
own process (``RLIMIT_AS`` 4 GiB, so a regression fails instead of swapping the machine);
the figures are that process's wall time and peak RSS, and what it answered.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def corner(path: Path, cell: str) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "姓名"
    wb.active[cell] = "x"
    wb.save(path)


def expanding(path: Path, megabytes: int = 366) -> None:
    """A valid workbook whose one sheet is ``megabytes`` of repetitive XML."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "姓名"
    small = path.with_suffix(".base.xlsx")
    wb.save(small)
    row = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(50))
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                        compresslevel=9) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info))
                continue
            with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                         b'.org/spreadsheetml/2006/main"><sheetData>')
                written, n = 0, 0
                while written < megabytes * 1024 * 1024:
                    n += 1
                    chunk = b"<row>" + row + b"</row>"
                    fh.write(chunk)
                    written += len(chunk)
                fh.write(b"</sheetData></worksheet>")
    small.unlink()


def measure(path: Path) -> dict:
    code = (
        "import os, sys, time, resource, json\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'shequ.settings.test'\n"
        "import django; django.setup()\n"
        "from shequ.core.errors import DomainError\n"
        "from shequ.rosters.reading import read_rows\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    out = f'{len(read_rows(sys.argv[1]))} rows'\n"
        "except DomainError as e:\n"
        "    out = 'refused: ' + e.code\n"
        "except MemoryError:\n"
        "    out = 'MemoryError'\n"
        "print(json.dumps({'answer': out, 'seconds': round(time.perf_counter() - t, 2),\n"
        "    'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))\n"
    )

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,  # noqa: S603
                         text=True, env=env, preexec_fn=limit, check=False)
    if run.returncode:
        return {"answer": f"crashed ({run.returncode}): {run.stderr.strip()[-200:]}"}
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        files = {}
        corner(work / "xfd.xlsx", "XFD1048576")
        files["A1 + XFD1048576"] = work / "xfd.xlsx"
        corner(work / "z.xlsx", "Z1000000")
        files["A1 + Z1000000"] = work / "z.xlsx"
        t = time.perf_counter()
        expanding(work / "bomb.xlsx")
        print(f"(built the expanding zip in {time.perf_counter() - t:.1f} s)")
        files["zip expanding to 366 MB of XML"] = work / "bomb.xlsx"
        (work / "pdf.xlsx").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
        files["PDF renamed .xlsx"] = work / "pdf.xlsx"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.test")
        import django

        django.setup()
        from import_bench import write_roster

        write_roster(work / "roster.xlsx", args.rows)
        files[f"legitimate roster, {args.rows:,} rows"] = work / "roster.xlsx"
        for label, path in files.items():
            size = path.stat().st_size
            print(f"{label:38} {size / 1024:10,.1f} KB  {json.dumps(measure(path))}")


if __name__ == "__main__":
    main()
