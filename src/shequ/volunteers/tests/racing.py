"""Run calls at the same moment in threads with their own database connections."""

import threading
import time

from django.db import OperationalError, connection


def _with_lock_retry(call):
    """The test database is SQLite's shared-cache in-memory database, which reports a
    table lock at once ("database table is locked") instead of waiting like the file
    database does (busy timeout). Retrying is what waiting would have done: the second
    transaction starts again after the first. PostgreSQL never takes this path."""
    for _attempt in range(500):
        try:
            return call()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("lock never released")


def race(*calls):
    """Run the calls in threads released together; return each one's result or error."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = _with_lock_retry(call)
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
