"""Serve Shequ with granian (WSGI) and, when the database task backend is installed, a
background-task worker beside it. Stops both on Ctrl-C."""

import os
import subprocess
import sys

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web app (granian WSGI) and the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("SHEQU_WORKERS", "2")))
        parser.add_argument("--threads", type=int,
                            default=int(os.environ.get("SHEQU_THREADS", "2")),
                            help="request threads per worker process (default 2)")
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not no_worker and apps.is_installed("django_tasks_db"):
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "shequ.cli", "db_worker", "--no-reload"],
                env=os.environ.copy()
            )
        self.stdout.write(f"Shequ serving on http://{host}:{port}/  (Ctrl-C to stop)")
        try:
            Granian(
                "shequ.wsgi:application",
                address=host,
                port=port,
                interface=Interfaces.WSGI,
                workers=workers,
                # A few threads per process, and no more requests admitted than threads:
                # the work is CPU-bound Python, so extra threads only queue inside the GIL
                # (measured: bench/cases_bench.py, 2 → 4 threads lowered intake).
                blocking_threads=threads,
                backpressure=threads,
            ).serve()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
