"""The tiny demo as test data for a whole module, rolled back after it."""

from __future__ import annotations

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction


@contextmanager
def tiny_demo():
    """Load ``shequ demo --scale tiny --with-cases`` inside a transaction that is rolled
    back on exit (use from a module-scoped fixture with ``django_db_blocker.unblock()``)."""
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        call_command("demo", "--scale", "tiny", "--seed", "7", "--with-cases",
                     stdout=io.StringIO())
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
