"""Fixtures shared by the whole suite."""

import pytest
from django.db import connection, transaction

from shequ.core import appendonly
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
def _append_only_flushable(request):
    """Append-only tables refuse DELETE through a trigger. Transactional tests end with a
    flush; on SQLite that is a DELETE, so empty those tables first, with the trigger's one
    exception (``appendonly.lifted``) raised for each in turn."""
    names = set(request.fixturenames)
    if not names & {"transactional_db", "live_server"}:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if connection.vendor == "sqlite":
        with transaction.atomic(), connection.cursor() as cur:
            for table in appendonly.installed_tables():
                with appendonly.lifted(table):
                    cur.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
