"""Retry a write transaction that SQLite refused because another connection held the
write lock at that instant (shared-cache databases report this at once instead of
waiting for the busy timeout). The retry runs the whole service again, so it re-reads
nothing stale: the state/version guard then tells the loser that the case changed."""

from __future__ import annotations

import functools
import random
import time

from django.db import OperationalError, connection

ATTEMPTS = 8


def _locked(exc: OperationalError) -> bool:
    return "locked" in str(exc).lower()


def retry_when_locked(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:  # part of a bigger transaction: its caller decides
            return fn(*args, **kwargs)
        for attempt in range(ATTEMPTS):
            try:
                return fn(*args, **kwargs)
            except OperationalError as exc:
                if not _locked(exc) or attempt == ATTEMPTS - 1:
                    raise
                time.sleep(0.01 * (attempt + 1) + random.random() * 0.01)  # noqa: S311
        raise AssertionError("unreachable")

    return wrapper
