"""``shequ worker``: the background-task worker (django-tasks' ``db_worker``), supervised —
started again when it exits, with a back-off, and whatever task a dead worker left
running failed with a message (``core.workers``). ``shequ serve`` runs it beside the web
server; run it on its own (systemd, another machine) to keep tasks off the web host."""

import os
import signal
import sys

from django.core.management.base import BaseCommand
from django.db import connections

from shequ.core import workers


def _db_worker(worker_id: str) -> list[str]:
    return [sys.executable, "-m", "shequ.cli", "db_worker", "--no-reload",
            "--worker-id", worker_id]


def _after_exit(worker_id: str, returncode: int) -> None:
    try:
        workers.fail_lost_tasks({worker_id})
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Run the background-task worker, restarted when it exits."

    def handle(self, *args, **options):
        lost = workers.fail_lost_tasks()
        if lost:
            self.stderr.write(f"{lost} task(s) left running by a stopped worker marked failed")
        connections.close_all()
        supervisor = workers.Supervisor(_db_worker, env=os.environ.copy(), on_exit=_after_exit)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: supervisor.stop())
        supervisor.run()
