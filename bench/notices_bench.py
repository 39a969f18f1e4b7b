"""A notice to 15,000 party members: how long ``notice_create`` takes to publish it (the
audience fixed as receipts, one notification each queued, one audit row), and how fast
the worker then sends them on the console channel (at once, and as the daily digest).
Builds its own database (bench/out/notices.sqlite3, or --database-url for PostgreSQL).
Timings are reported, never asserted.

    .venv/bin/python bench/notices_bench.py [--members 15000] [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time

import benchlib

DB = benchlib.OUT / "notices.sqlite3"


def build(members: int):
    from django.contrib.auth import get_user_model

    from shequ.accounts.models import Grant
    from shequ.testing import factories

    tree = factories.Tree()
    grids = [tree.grid1, tree.grid2]
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"pm{i:06d}", password="!", display_name=f"党员{i}")  # noqa: S106
         for i in range(members)], batch_size=2000)
    ids = list(User.objects.filter(username__startswith="pm").values_list("pk", flat=True))
    Grant.objects.bulk_create([Grant(user_id=uid, role="party_member", area=grids[n % 2])
                               for n, uid in enumerate(ids)], batch_size=2000)
    return tree, factories.user("community_staff", tree.community, username="sender")


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=15_000)
    ap.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    args = ap.parse_args()
    if args.database_url:
        os.environ.update(benchlib.bench_env(DB))
        os.environ["SHEQU_DATABASE_URL"] = args.database_url
        (benchlib.OUT / "var" / "static").mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(benchlib.ROOT / "src"))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", "--noinput", verbosity=0)
    else:
        benchlib.fresh_db(DB)
        benchlib.setup_django(DB)
    from django.db import connection

    from shequ.core.models import AuditEvent
    from shequ.notices import delivery, services
    from shequ.notices.models import Notification

    tree, sender = build(args.members)
    from django.urls import reverse

    reverse("notices:my-list")  # a running server has its URLconf loaded: not part of the send
    audits = AuditEvent.objects.count()
    t = time.perf_counter()
    notice = services.notice_create(actor=sender, area=tree.community, title="学习贯彻通知",
                                    body="请全体党员于本周内完成学习。", roles=["party_member"])
    queue_s = time.perf_counter() - t
    audit_rows = AuditEvent.objects.count() - audits

    def deliver(fn, **kw):
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            t = time.perf_counter()
            n = fn(**kw)
            return n, time.perf_counter() - t

    Notification.objects.filter(kind="notice").update(cadence="immediate")
    sent, immediate_s = deliver(delivery.deliver_immediate)
    Notification.objects.filter(kind="notice").update(cadence="daily", delivered_at=None)
    digests, digest_s = deliver(delivery.send_digest, cadence="daily")
    result = {
        "database": connection.vendor, "recipients": notice.recipient_count,
        "queue_s": round(queue_s, 2), "audit_rows": audit_rows,
        "immediate_sent": sent, "immediate_per_s": round(sent / immediate_s),
        "digests": digests, "digest_per_s": round(digests / digest_s),
    }
    print(benchlib.table(["measure", "value"], [
        [f"notice to {result['recipients']:,} members queued, s ({result['database']})",
         result["queue_s"]],
        ["audit rows written by the send", audit_rows],
        ["immediate delivery, console channel, notifications/s", result["immediate_per_s"]],
        ["daily digest, console channel, messages/s", result["digest_per_s"]],
    ]))
    benchlib.write_json("notices_bench", {**result, "machine": benchlib.machine()})
    return result


if __name__ == "__main__":
    main()
