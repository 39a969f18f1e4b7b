"""SQLite, with write transactions that wait their turn on a file lock, and checkpoints
taken outside that turn.

**Writers queue.** Every transaction starts with ``BEGIN IMMEDIATE`` (settings), so writers
are serialised by SQLite's write lock. SQLite does not queue a second writer: its busy
handler retries after sleeping 1, 2, 5, 10, 15, 20, 25 … ms, so under a burst of intake
the waiting writers sleep while the lock is free and the cores idle (strace of ``shequ
serve`` under ``bench/cases_bench.py --part intake``: ≈ 90 failed lock attempts and sleeps
a second in each web process). Here each connection takes an exclusive ``flock`` on
``<database>-writer.lock`` before ``BEGIN`` and gives it up when the transaction ends
(commit, rollback, autocommit back on, or the connection closed). A waiting writer blocks
in the kernel and is woken the moment the lock is released; the lock goes with its file
descriptor, so a process that dies holding it releases it. Each connection (one per
thread) opens the file itself: ``flock`` locks belong to an open file, so two threads of
one process exclude each other too. SQLite's own lock and busy timeout stay behind this
one, for writers that do not go through it (autocommit statements, other programs).

**Checkpoints outside the turn.** SQLite copies the write-ahead log into the database
(a checkpoint, two ``fdatasync``) inside the ``COMMIT`` of whichever connection pushes the
log past 1,000 pages — about every 40th intake, 5–20 ms, while every other writer waits
for that commit (in-process, one intake's transaction: p50 0.15 ms, mean 1.2 ms, p99
17 ms). Our connections turn that off (``wal_autocheckpoint=0``) and, after the commit and
after the lock is released, one connection of the process runs a ``PASSIVE`` checkpoint
(which waits for no writer) once the process has committed ``CHECKPOINT_COMMITS`` write
transactions or ``CHECKPOINT_SECONDS`` have passed since its last one. The last connection
to close checkpoints too (SQLite's own rule), so the log does not outlive the processes.

**Placeholders converted once.** Django's cursor rewrites every statement's ``%s`` into
SQLite's ``?`` with a regular expression on each execution (4 % of an intake request's
CPU, py-spy); the statements a process runs are few and repeat, so the rewrite is kept
per statement text.

In-memory databases (the test suite's) have no file beside them: no lock, no checkpoint
policy; the placeholder cache applies to every connection.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import sqlite3
import threading
import time

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)

CHECKPOINT_COMMITS = 200
CHECKPOINT_SECONDS = 5.0


class _Checkpoints:
    """This process's write transactions since its last checkpoint (all threads)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.commits = 0
        self.last = time.monotonic()

    def due(self) -> bool:
        """Count one commit; True (and the count reset) when a checkpoint is due and no
        other thread of the process is taking one."""
        with self.lock:
            self.commits += 1
            if (self.commits < CHECKPOINT_COMMITS
                    and time.monotonic() - self.last < CHECKPOINT_SECONDS):
                return False
            self.commits = 0
            self.last = time.monotonic()
            return True


checkpoints = _Checkpoints()


def _convert(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


_convert_cached = functools.lru_cache(maxsize=2048)(_convert)
CACHED_QUERY_MAX = 4096  # longer ones (IN lists of thousands) are rare and would fill it


def _qmark(query: str) -> str:
    return _convert_cached(query) if len(query) <= CACHED_QUERY_MAX else _convert(query)


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)


def _open_lock_file(path: str) -> int | None:
    """The lock file, read-only (``flock`` needs no more; it holds nothing), created if
    missing. None when this account may not open it (another account made it without read
    access): the writers then wait as SQLite makes them, which is slower, not wrong."""
    try:
        return os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        logger.warning("writers' queue off: cannot open %s: %s", path, exc.strerror)
        return None


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd: int | None = None
    _writer_held = False

    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        self._writer_release()
        if not self.is_in_memory_db():
            conn.execute("PRAGMA wal_autocheckpoint=0")
            if self._writer_fd is None:
                self._writer_fd = _open_lock_file(f"{self.settings_dict['NAME']}-writer.lock")
        return conn

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)

    def _start_transaction_under_autocommit(self):
        if self._writer_fd is not None and not self._writer_held:
            fcntl.flock(self._writer_fd, fcntl.LOCK_EX)  # releases the GIL while it waits
            self._writer_held = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._writer_release()
            raise

    def _commit(self):
        wrote = self._writer_held
        try:
            return super()._commit()
        finally:
            self._writer_release_if_done()
            if wrote and not self._writer_held and checkpoints.due():
                self._checkpoint()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._writer_release_if_done()

    def _set_autocommit(self, autocommit):
        try:
            super()._set_autocommit(autocommit)
        finally:
            self._writer_release_if_done()

    def _close(self):
        try:
            super()._close()
        finally:
            self._writer_release()
            if self._writer_fd is not None:
                os.close(self._writer_fd)
                self._writer_fd = None

    def _checkpoint(self):
        """Copy what the log holds into the database, without waiting for any writer; a
        reader still on an old snapshot leaves the rest for the next one."""
        try:
            self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # the commit is done: a checkpoint can wait
            logger.warning("checkpoint skipped: %s", exc)

    def _writer_release_if_done(self):
        if self._writer_held and (self.connection is None
                                  or not self.connection.in_transaction):
            self._writer_release()

    def _writer_release(self):
        if self._writer_held:
            self._writer_held = False
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)
