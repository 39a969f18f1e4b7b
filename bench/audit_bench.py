"""The cost of the audit trail's HMAC chain, on a fresh SQLite database of its own:
``audit.record`` (lock the chain head, sign, insert, move the head) in its own transaction,
against a bare insert of the same row; ``check-audit`` over the whole trail; and a
``shequ backup`` + ``shequ restore`` of the database. Timings are reported, never asserted.

    .venv/bin/python bench/audit_bench.py [--rows 100000] [--timed 3000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import benchlib

DB = benchlib.OUT / "audit.sqlite3"


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000, help="trail length for check-audit")
    ap.add_argument("--timed", type=int, default=3_000, help="records timed one by one")
    args = ap.parse_args()
    benchlib.fresh_db(DB)
    benchlib.setup_django(DB)

    from django.db import connection, transaction

    from shequ.core import audit, auditchain, backup
    from shequ.core.models import AuditEvent

    def one(i):
        with transaction.atomic():
            audit.record(actor=None, action="update", entity="resident", entity_id=i,
                         before={"name": "张*", "phone": "138****6871"},
                         after={"name": "李*", "phone": "139****0001"}, summary="bench")

    t0 = time.perf_counter()
    chained = [benchlib.timed(one, i)[0] for i in range(args.timed)]
    print(f"timed records: {time.perf_counter() - t0:.1f} s", flush=True)

    def bare(i):
        with transaction.atomic():
            AuditEvent.objects.create(action="update", entity="resident", entity_id=str(i),
                                      before={"name": "张*"}, after={"name": "李*"},
                                      summary="bench", seq=-1 - i, mac="0" * 64)

    plain = [benchlib.timed(bare, i)[0] for i in range(args.timed)]
    with transaction.atomic(), connection.cursor() as cur:
        from shequ.core import appendonly

        with appendonly.lifted("core_auditevent"):
            cur.execute("DELETE FROM core_auditevent WHERE seq < 0")
    t = time.perf_counter()
    with transaction.atomic():
        for i in range(args.rows - args.timed):
            audit.record(actor=None, action="update", entity="resident", entity_id=i,
                         after={"n": i})
    fill_s = time.perf_counter() - t
    print(f"fill: {fill_s:.1f} s", flush=True)
    check_ms, broken = benchlib.timed(auditchain.verify_table)
    assert broken is None, broken
    out = DB.with_name("audit.backup")
    out.unlink(missing_ok=True)
    backup_ms, _ = benchlib.timed(backup.backup, out)
    restored = DB.with_name("audit-restored.sqlite3")
    restored.unlink(missing_ok=True)
    t = time.perf_counter()
    benchlib.manage(restored, "restore", str(out))
    restore_ms = (time.perf_counter() - t) * 1000

    result = {
        "record_chained": benchlib.summary(chained),
        "record_bare_insert": benchlib.summary(plain),
        "fill_rows_per_s_one_transaction": round((args.rows - args.timed) / fill_s),
        "check_audit_ms": round(check_ms), "rows": AuditEvent.objects.count(),
        "backup_ms": round(backup_ms), "restore_cli_ms": round(restore_ms),
        "db_mb": round(Path(DB).stat().st_size / 2**20, 1),
    }
    print(benchlib.table(
        ["measure", "value"],
        [["audit.record, own transaction, p50 / p95 ms",
          f"{result['record_chained']['p50_ms']} / {result['record_chained']['p95_ms']}"],
         ["bare insert of the same row, p50 / p95 ms",
          f"{result['record_bare_insert']['p50_ms']} / {result['record_bare_insert']['p95_ms']}"],
         ["audit.record in one transaction, rows/s", result["fill_rows_per_s_one_transaction"]],
         [f"check-audit over {result['rows']:,} rows, ms", result["check_audit_ms"]],
         ["shequ backup / shequ restore (CLI, incl. start-up), ms",
          f"{result['backup_ms']} / {result['restore_cli_ms']}"]]))
    benchlib.write_json("audit_bench", {**result, "machine": benchlib.machine()})
    return result


if __name__ == "__main__":
    main()
