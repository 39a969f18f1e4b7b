"""The real ``shequ serve`` (granian, its settings, the supervised task worker) in a child
process, against its own SQLite file — what an office runs, not Django's live server."""

from __future__ import annotations

import socket
import sqlite3
import time

import pytest

from shequ.testing.server import Server, env_for, shequ

from .conftest import home_with_migrated_database

pytestmark = pytest.mark.xdist_group("served")

# A correctness bound, not a performance figure: a request that waits on another
# client's idle keep-alive connection waits for its 30 s timeout.
ANSWERED_WITHIN = 10


@pytest.fixture(scope="module")
def served(tmp_path_factory, migrated_sqlite):
    home = home_with_migrated_database(tmp_path_factory, migrated_sqlite, "serve")
    env = env_for(home)
    with Server(env) as server:
        yield server


def _get(port: int, path: str, sock: socket.socket | None = None) -> bytes:
    s = sock or socket.create_connection(("127.0.0.1", port), timeout=ANSWERED_WITHIN)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return s.recv(64)


def test_idle_keepalive_connections_of_other_clients_hold_up_no_request(served):
    """Four browser tabs each hold six idle keep-alive connections; a further request is
    answered at once, not after an idle connection's timeout."""
    # given four clients × six connections, each used once and then left open
    held = [socket.create_connection(("127.0.0.1", served.port), timeout=ANSWERED_WITHIN)
            for _ in range(4 * 6)]
    try:
        for s in held:
            assert _get(served.port, "/static/vendor/VERSIONS.txt", s).startswith(
                b"HTTP/1.1 200")
        # when another request comes, then it is answered
        assert _get(served.port, "/login/").startswith(b"HTTP/1.1 200")
    finally:
        for s in held:
            s.close()


def _enqueue(served, task: str) -> str:
    return shequ(served.env, "shell", "-c",
                 f"from shequ.testing.tasks import {task}; print({task}.enqueue().id)"
                 ).stdout.strip().splitlines()[-1]


def _status(served, task_id: str, want: set[str], timeout: float = 60) -> str:
    db = served.env["SHEQU_DATABASE_URL"].removeprefix("sqlite:///")
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        with sqlite3.connect(db, timeout=10) as conn:
            row = conn.execute("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                               (task_id.replace("-", ""),)).fetchone()
        status = row[0] if row else ""
        if status in want:
            return status
        time.sleep(0.3)
    return status


def test_a_worker_killed_mid_task_fails_that_task_and_is_started_again(served):
    """A job that kills its worker ends as failed, and the next job still runs."""
    # when a task kills the worker running it
    crashed = _enqueue(served, "crash_worker")
    # then that task ends as failed instead of staying "running"
    assert _status(served, crashed, {"FAILED"}) == "FAILED"
    # and a worker is running again: the next task is done
    assert _status(served, _enqueue(served, "answer"), {"SUCCESSFUL"}) == "SUCCESSFUL"
    assert "task worker exited" in served.output()
