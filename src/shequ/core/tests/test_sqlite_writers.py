"""The SQLite backend's writer queue and checkpoints (core/sqlite/base.py), on a database
file of its own: the suite's in-memory database has no file to lock beside it."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from shequ.core.sqlite import base

pytestmark = pytest.mark.skipif(connections["default"].vendor != "sqlite",
                                reason="SQLite's backend")


@pytest.fixture
def wrappers(tmp_path, django_db_blocker):
    """Connections to a fresh database file, as two threads (or processes) would hold."""
    default = connections["default"].settings_dict
    # SQLite's own wait cut to 50 ms: a writer that got past the queue while another held
    # the database would fail with "database is locked" instead of waiting unnoticed.
    settings = {**default, "NAME": str(tmp_path / "w.sqlite3"), "TEST": {},
                "OPTIONS": {**default["OPTIONS"], "timeout": 0.05}}
    made = []

    def make():
        w = base.DatabaseWrapper(dict(settings), alias=f"w{len(made)}")
        w.inc_thread_sharing()  # the test hands one to a thread of its own
        w.ensure_connection()
        made.append(w)
        return w

    with django_db_blocker.unblock():
        first = make()
        with first.cursor() as c:
            c.execute("CREATE TABLE t (n INTEGER)")
        yield make
        for w in made:
            w.close()


def _write(w, n):
    w.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    with w.cursor() as c:
        c.execute("INSERT INTO t VALUES (%s)", [n])


def _finish(w):
    w.commit()
    w.set_autocommit(True)


def test_a_second_writer_waits_for_the_first_and_is_not_refused(wrappers):
    a, b = wrappers(), wrappers()
    _write(a, 1)
    done = threading.Event()
    failed = []

    def second():
        try:
            _write(b, 2)
            _finish(b)
        except Exception as exc:  # noqa: BLE001 - the test reports it
            failed.append(exc)
        done.set()

    t = threading.Thread(target=second)
    t.start()
    assert not done.wait(0.3), "the second writer began while the first held the lock"
    _finish(a)
    assert done.wait(10)
    t.join()
    assert not failed
    with a.cursor() as c:
        c.execute("SELECT n FROM t ORDER BY n")
        assert [r[0] for r in c.fetchall()] == [1, 2]


@pytest.mark.parametrize("end", ["rollback", "close", "error"])
def test_the_lock_is_given_up_however_the_transaction_ends(wrappers, end):
    a, b = wrappers(), wrappers()
    _write(a, 1)
    if end == "rollback":
        a.rollback()
        a.set_autocommit(True)
    elif end == "close":
        a.close()
    else:
        with pytest.raises(Exception), a.cursor() as c:  # noqa: B017, PT011 - any error
            c.execute("INSERT INTO missing VALUES (1)")
        a.rollback()
        a.set_autocommit(True)
    started = time.monotonic()
    _write(b, 2)  # would block for ever if the lock were still held
    _finish(b)
    assert time.monotonic() - started < 5


def test_readers_do_not_wait_for_a_writer(wrappers):
    a, b = wrappers(), wrappers()
    _write(a, 1)
    with b.cursor() as c:
        c.execute("SELECT count(*) FROM t")
        assert c.fetchone()[0] == 0  # the reader sees the last committed state at once
    _finish(a)


def test_checkpoints_run_after_the_commit_not_inside_it(wrappers, monkeypatch):
    a = wrappers()
    with a.cursor() as c:
        c.execute("PRAGMA wal_autocheckpoint")
        assert c.fetchone()[0] == 0  # SQLite's own, inside COMMIT, is off
    monkeypatch.setattr(base, "CHECKPOINT_COMMITS", 3)
    monkeypatch.setattr(base, "checkpoints", base._Checkpoints())
    ran = []
    monkeypatch.setattr(base.DatabaseWrapper, "_checkpoint",
                        lambda self: ran.append(self._writer_held))
    for n in range(7):
        _write(a, n)
        _finish(a)
    assert ran == [False, False]  # every third commit, with the writers' lock given up


def test_a_checkpoint_empties_the_log_into_the_database(wrappers):
    a = wrappers()
    for n in range(5):
        _write(a, n)
        _finish(a)
    a._checkpoint()
    with a.cursor() as c:
        c.execute("PRAGMA wal_checkpoint(PASSIVE)")
        busy, log, moved = c.fetchone()
    assert busy == 0
    assert log == moved  # nothing left in the log that is not in the database


def test_placeholders_are_rewritten_as_django_does(wrappers):
    a = wrappers()
    long_in = "SELECT n FROM t WHERE n IN (" + ", ".join(["%s"] * 2000) + ")"  # noqa: S608 - placeholders only
    for sql, params in [("SELECT %s, '100%%'", [1]), ("SELECT %s, '100%%'", [2]),
                        (long_in, list(range(2000)))]:
        assert base._qmark(sql) == base._convert(sql)
        with a.cursor() as c:
            c.execute(sql, params)
    with a.cursor() as c:
        c.execute("SELECT %s, '100%%'", [3])
        assert c.fetchone() == (3, "100%")
        c.execute("SELECT %(x)s", {"x": 4})  # named parameters: Django's own rewriting
        assert c.fetchone() == (4,)


def test_without_the_lock_file_writers_still_write(wrappers, monkeypatch, caplog):
    """A lock file this account cannot open: SQLite's own waiting, and a warning."""
    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(base.os, "open", refuse)
    a = wrappers()
    assert a._writer_fd is None
    assert "writers' queue off" in caplog.text
    _write(a, 1)
    _finish(a)
    with a.cursor() as c:
        c.execute("SELECT count(*) FROM t")
        assert c.fetchone()[0] == 1
