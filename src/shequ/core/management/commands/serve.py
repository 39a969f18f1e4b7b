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
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args, host, port, workers, no_worker, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not no_worker and apps.is_installed("django_tasks_db"):
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "shequ.cli", "db_worker"], env=os.environ.copy()
            )
        self.stdout.write(f"Shequ serving on http://{host}:{port}/  (Ctrl-C to stop)")
        try:
            Granian(
                "shequ.wsgi:application",
                address=host,
                port=port,
                interface=Interfaces.WSGI,
                workers=workers,
            ).serve()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
