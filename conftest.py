"""Fixtures shared by the whole suite."""

import pytest
from django.db import connection

from shequ.testing import factories


@pytest.fixture
def tree(db):
    return factories.Tree()


@pytest.fixture
def grid_worker(tree):
    return factories.user("grid_worker", tree.grid1)


@pytest.fixture
def other_grid_worker(tree):
    return factories.user("grid_worker", tree.grid2)


@pytest.fixture
def staff(tree):
    return factories.user("community_staff", tree.community)


@pytest.fixture(autouse=True)
def _audit_flushable(request):
    """The audit table refuses DELETE through a trigger. Transactional tests end with a
    flush; on SQLite that is a DELETE, so lift the trigger just for the flush."""
    names = set(request.fixturenames)
    if not names & {"transactional_db", "live_server"}:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
            cur.execute("DELETE FROM core_auditevent")
            cur.execute(
                "CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
                "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
            )
