"""Fixtures shared by the whole suite."""

import pytest
from django.db import connection, transaction

from shequ.core import appendonly
from shequ.testing import factories


def pytest_configure(config):
    # Without xdist (-p no:xdist) its mark is unknown; declared for --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")


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
    marker = request.node.get_closest_marker("django_db")
    if names & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
    elif marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("_django_db_helper")
    else:
        yield
        return
    yield
    if connection.vendor == "sqlite":
        with transaction.atomic(), connection.cursor() as cur:
            for table in appendonly.installed_tables():
                with appendonly.lifted(table):
                    cur.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names


@pytest.fixture(autouse=True)
def _no_process_copies_from_another_test():
    """What a process keeps between requests belongs to one test's rolled-back rows: each
    grid's previous weeks (``alerting.oncase``), the categories and holidays
    (``ledgers.reference``, otherwise trusted for a second)."""
    from shequ.ledgers import reference
    from shequ.ledgers.alerting import oncase

    oncase.forget_history()
    reference.forget()
