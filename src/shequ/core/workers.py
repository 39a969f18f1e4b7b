"""The background-task worker, supervised: started again when it exits, and the task it
was running when it died failed with a message instead of staying "running" for ever.

A worker process can die in the middle of a task (out of memory on a hostile
spreadsheet, killed by an operator): its own ``except`` clauses never run, so django-tasks
leaves the task ``RUNNING`` and the module's job (an import, an export) shows "checking"
for ever, and nothing later runs either. ``Supervisor`` restarts the worker with a
back-off; ``fail_lost_tasks`` marks what a dead worker left running as failed and calls
the handler its module registered with ``on_lost``.

Worker ids are ``host:supervisor-pid:random``, so a supervisor starting on the same host
can tell which running tasks belonged to a supervisor that is gone (a reboot, a kill -9).
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("shequ.worker")

_lost_handlers: dict[str, Callable[..., None]] = {}


class WorkerLost(Exception):
    """The process running a task exited before the task finished."""

    message = _("The background worker stopped while running this job (it may have run out "
                "of memory). Try again; if it fails again, ask the system administrator.")

    def __str__(self):
        return str(self.message)


def on_lost(task):
    """Register ``handler(*args, **kwargs)``, called with the task's arguments when the
    worker running ``task`` died mid-run: the place to mark the module's job failed."""

    def register(handler):
        _lost_handlers[task.module_path] = handler
        return handler

    return register


def _host() -> str:
    return socket.gethostname()[:32]


def new_worker_id() -> str:
    return f"{_host()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _supervisor_gone(worker_id: str) -> bool:
    host, _sep, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host != _host() or not pid.isdigit():
        return False  # another machine's worker, or one started by hand: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def queued_not_started(task) -> bool:
    """Whether a run of ``task`` waits in the database queue, not yet started (any process
    may have queued it). False for other backends (tests), which run or drop tasks at once.

    A run that has not started reads the database after whatever is committed before it
    starts: a caller that committed its rows need not queue another run to have them seen."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    # READY, whatever its run_after: one deferred to later has not started either.
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY,
                                       task_path=task.module_path).exists()


def fail_lost_tasks(worker_ids: set[str] | None = None) -> int:
    """Mark failed the tasks left running by the workers ``worker_ids`` (which have exited),
    or, without ``worker_ids``, by any worker of this host whose supervisor is gone; call
    each task's ``on_lost`` handler. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    lost = 0
    for result in DBTaskResult.objects.running():
        last = result.worker_ids[-1] if result.worker_ids else ""
        if not (last in worker_ids if worker_ids is not None else _supervisor_gone(last)):
            continue
        result.set_failed(WorkerLost())
        lost += 1
        logger.error("task %s (%s) was lost with worker %s", result.pk, result.task_path, last)
        handler = _lost_handlers.get(result.task_path)
        if handler is not None:
            try:
                handler(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
            except Exception:
                logger.exception("the lost-task handler of %s failed", result.task_path)
    return lost


_PR_SET_PDEATHSIG = 1


def dies_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child is sent SIGTERM when the process
    starting it dies, however it dies (Linux's ``PR_SET_PDEATHSIG``; ``None`` elsewhere).

    A server or benchmark killed with SIGKILL runs no ``finally``: without this its task
    worker, in a session of its own, kept running as an orphan against the database. A
    SIGTERM lets the child stop as it would on Ctrl-C (the worker finishes its task)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # loaded before the fork
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the line above
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


class Supervisor:
    """Run ``command(worker_id)`` and start it again whenever it exits, after 1 s, then
    2 s, 4 s … up to ``max_delay`` while it keeps failing quickly (a run that lasted
    ``stable`` seconds starts the back-off again). ``on_exit(worker_id, returncode)`` runs
    after each exit (``fail_lost_tasks`` in production)."""

    def __init__(self, command: Callable[[str], list[str]], *, env=None,
                 on_exit: Callable[[str, int], None] | None = None,
                 min_delay: float = 1.0, max_delay: float = 60.0, stable: float = 60.0):
        self.command = command
        self.env = env
        self.on_exit = on_exit
        self.min_delay, self.max_delay, self.stable = min_delay, max_delay, stable
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self._stopping = threading.Event()

    def run(self) -> None:
        """Supervise until ``stop()`` (from a signal handler or another thread)."""
        delay = self.min_delay
        while not self._stopping.is_set():
            worker_id = new_worker_id()
            started = time.monotonic()
            self.process = subprocess.Popen(  # noqa: S603 - the command given, no shell
                self.command(worker_id), env=self.env, preexec_fn=dies_with_parent())
            self.starts += 1
            code = self.process.wait()
            if self.on_exit is not None:
                try:
                    self.on_exit(worker_id, code)
                except Exception:
                    logger.exception("cleaning up after task worker %s failed", worker_id)
            if self._stopping.is_set():
                break
            if time.monotonic() - started >= self.stable:
                delay = self.min_delay
            logger.warning("task worker exited with code %s; starting it again in %.0f s",
                           code, delay)
            self._stopping.wait(delay)
            delay = min(delay * 2, self.max_delay)

    def stop(self, timeout: float = 10) -> None:
        """Ask the worker to finish its task and stop, and kill it after ``timeout``
        seconds. Safe in a signal handler: it only sends signals."""
        self._stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        timer = threading.Timer(timeout, lambda: process.poll() is None and process.kill())
        timer.daemon = True
        timer.start()
