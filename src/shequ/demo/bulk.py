"""Fast parameterised inserts for the demo's large tables.

Rows are tuples of already-computed column values (the registry/territory functions
compute them); this module only moves them into the database with ``executemany`` and
``%s`` placeholders. The statement names the table and columns from the model's ``_meta``
(quoted by the backend); values are always bound parameters, never part of the SQL text.

Primary keys are assigned here (``max(pk) + 1`` onwards) so that a seed gives the same ids
and children can point at parents without reading anything back; on PostgreSQL the
sequences are moved past them afterwards (:func:`reset_sequences`).
"""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max


class Inserter:
    """Collects rows for one table and writes them in large ``executemany`` batches."""

    def __init__(self, model, fields: list[str], *, flush_at: int = 20_000):
        opts = model._meta
        qn = connection.ops.quote_name
        columns = ", ".join(qn(opts.get_field(name).column) for name in fields)
        marks = ", ".join(["%s"] * len(fields))
        # Identifiers come from the model's _meta, quoted; values are bound parameters.
        self.sql = f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        self.model = model
        self.rows: list[tuple] = []
        self.flush_at = flush_at
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.flush_at:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cur:
            cur.executemany(self.sql, self.rows)
        self.count += len(self.rows)
        self.rows = []


class Ids:
    """Hands out primary keys per model, continuing after what the table already holds."""

    def __init__(self):
        self._next: dict[type, int] = {}

    def next(self, model) -> int:
        n = self._next.get(model)
        if n is None:
            n = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self._next[model] = n + 1
        return n


def db_date(value):
    return connection.ops.adapt_datefield_value(value)


def db_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def reset_sequences(models) -> None:
    """After explicit primary keys, PostgreSQL's sequences must start past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def analyze() -> None:
    """Refresh planner statistics after a bulk load (SQLite and PostgreSQL both say ANALYZE)."""
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
