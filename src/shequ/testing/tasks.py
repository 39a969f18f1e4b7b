"""Tasks for the end-to-end tests of the supervised worker (``tests/functional``)."""

import os
import signal

from django_tasks import task


@task()
def crash_worker() -> None:
    """Die as an out-of-memory kill does: at once, without running any except clause."""
    os.kill(os.getpid(), signal.SIGKILL)


@task()
def answer() -> int:
    return 42
