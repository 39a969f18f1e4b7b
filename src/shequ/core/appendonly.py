"""Append-only tables, enforced by the database on SQLite and PostgreSQL.

A migration makes a table append-only with ``AppendOnly("<db_table>")``: from then on the
database refuses every UPDATE and DELETE of its rows, raw SQL included. There is one way
around the DELETE refusal, for the one command allowed to remove rows (``shequ
archive-audit``, which first writes them to an archive file): :func:`lifted` raises a flag
for one table, for the current transaction on the current connection only, which the
trigger checks. UPDATE is never allowed.

- PostgreSQL: one shared trigger function, ``shequ_append_only()``; the flag is the
  transaction-local setting ``shequ.append_only_lifted`` (``set_config(…, true)``).
- SQLite: two triggers per table; the flag is the SQL function
  ``shequ_append_only_lifted(table)``, registered on each connection Django opens
  (:func:`register_sqlite_function`). Another client (the ``sqlite3`` shell) lacks the
  function, so its DELETE fails too.

TRUNCATE (PostgreSQL) fires no row trigger: the application never issues it, and the
production role should not own the tables (see docs/security.md).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connections
from django.db.migrations.operations.base import Operation

SETTING = "shequ.append_only_lifted"
SQLITE_FUNCTION = "shequ_append_only_lifted"
_state = threading.local()

PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION shequ_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('{SETTING}', true) = TG_TABLE_NAME THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END; $$ LANGUAGE plpgsql;"""


def _legacy_drops(table: str, vendor: str) -> list[str]:
    """Triggers written by hand before this operation existed (same naming scheme)."""
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table};"
                for suffix in ("no_update", "no_delete", "no_change", "append_only")] + [
            f"DROP FUNCTION IF EXISTS {table}_append_only();"]
    return [f"DROP TRIGGER IF EXISTS {table}_{suffix};" for suffix in ("no_update", "no_delete")]


def install_sql(table: str, vendor: str) -> list[str]:
    """The statements that make ``table`` append-only (idempotent: old triggers go first)."""
    message = f"{table} rows are append-only"
    if vendor == "postgresql":
        return [*_legacy_drops(table, vendor), PG_FUNCTION,
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION shequ_append_only();"]
    return [
        *_legacy_drops(table, vendor),
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"WHEN {SQLITE_FUNCTION}('{table}') IS NOT 1 "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
    ]


def remove_sql(table: str, vendor: str) -> list[str]:
    return _legacy_drops(table, vendor)


class AppendOnly(Operation):
    """Migration operation: the database refuses UPDATE and DELETE on ``table``.

    Put it after any operation that rebuilds the table (SQLite drops a table's triggers when
    Django remakes it)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str):
        self.table = table

    def deconstruct(self):
        return ("AppendOnly", [self.table], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in install_sql(self.table, schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for sql in remove_sql(self.table, schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def describe(self):
        return f"Make {self.table} append-only (UPDATE and DELETE refused)"

    @property
    def migration_name_fragment(self):
        return f"{self.table}_append_only"


def _lifted_tables() -> set[str]:
    if not hasattr(_state, "tables"):
        _state.tables = set()
    return _state.tables


def _sqlite_lifted(table):
    return 1 if table in _lifted_tables() else 0


def register_sqlite_function(sender=None, connection=None, **kwargs):
    """``connection_created`` receiver: give each SQLite connection the flag function."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _sqlite_lifted)


@contextmanager
def lifted(table: str, using: str = "default"):
    """Allow DELETE on ``table`` for the current transaction of this connection only.
    Must run inside ``transaction.atomic``; UPDATE stays refused."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("lifting an append-only table needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT set_config(%s, %s, true)", [SETTING, table])
    else:
        _lifted_tables().add(table)
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT set_config(%s, '', true)", [SETTING])
        else:
            _lifted_tables().discard(table)


def declared_tables() -> list[str]:
    """Every table an ``AppendOnly`` operation in the project's migrations protects."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    tables = set()
    for migration in loader.disk_migrations.values():
        for operation in migration.operations:
            if isinstance(operation, AppendOnly):
                tables.add(operation.table)
    return sorted(tables)


def installed_tables(using: str = "default") -> list[str]:
    """The tables that carry an append-only trigger in the database now."""
    connection = connections[using]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT DISTINCT event_object_table FROM information_schema.triggers "
                        "WHERE action_statement LIKE %s", ["%shequ_append_only()%"])
        else:
            cur.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                        "AND sql LIKE %s", [f"%{SQLITE_FUNCTION}%"])
        rows = cur.fetchall()
    return sorted(r[0] for r in rows)
