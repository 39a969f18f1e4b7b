"""Serve Shequ with granian (WSGI) and, when the database task backend is installed, the
supervised background-task worker beside it (``shequ worker``). Stops both on Ctrl-C.

Connections and requests are admitted separately. A browser tab opens up to six keep-alive
connections and leaves them idle; granian's ``backpressure`` caps connections, not busy
requests, so capping it at the thread count (as before) made the next request of another
user wait for an idle connection's 30 s timeout. Now granian accepts up to its default
(backlog ÷ workers) connections per process and queues their requests for its threads.

One thread per process by default: the work is CPU-bound Python, and a second thread only
waits for the GIL while the first holds it (in a burst of intake, 2 processes × 2 threads
spent ≈ 0.5 ms more CPU per request and took 456–516 cases/s where 2 × 1 took 566–672 on the
same quiet machine). A long request holds its process meanwhile; pages are short and
imports and exports run in the task worker, so that is rare — ``SHEQU_THREADS=2`` where it
is not. Measured in ``bench/serve_bench.py`` and ``bench/cases_bench.py --part intake``
(README, Serving)."""

import os
import subprocess
import sys

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from shequ.core.workers import dies_with_parent


class Command(BaseCommand):
    help = "Serve the web app (granian WSGI) and the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("SHEQU_WORKERS", "2")))
        parser.add_argument("--threads", type=int,
                            default=int(os.environ.get("SHEQU_THREADS", "1")),
                            help="request threads per worker process (default 1)")
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not no_worker and apps.is_installed("django_tasks_db"):
            # Its own session: a Ctrl-C reaches the server only, which then asks the worker
            # once to finish its task (a second signal would abandon the task).
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "shequ.cli", "worker"], env=os.environ.copy(),
                start_new_session=True, preexec_fn=dies_with_parent())
        self.stdout.write(f"Shequ serving on http://{host}:{port}/  (Ctrl-C to stop)")
        try:
            Granian(
                "shequ.wsgi:application",
                address=host,
                port=port,
                interface=Interfaces.WSGI,
                workers=workers,
                blocking_threads=threads,
                # backpressure: granian's default; see the module docstring.
                respawn_failed_workers=True,
                websockets=False,
            ).serve()
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
