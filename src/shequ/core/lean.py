"""Below the ORM, for the few statements a hot path runs on every request (case intake, API
token sign-in): the SQL is written once per process, the values go through the model fields
exactly as the ORM's own insert and fetch do, and the statements still run on Django's
connection (same transaction, same query counting in tests).

Compiling a queryset or an insert costs 0.1–0.3 ms of Python each time it runs; these
helpers cost a few microseconds besides the database's own work. Use them where a profile
shows the ORM's compiling, not as a habit: a plain queryset is clearer.

- :func:`insert` writes a new model instance (``save(force_insert=True)`` without the
  compiling), sets its primary key, and falls back to ``save`` when the model has
  ``pre_save``/``post_save`` listeners, so no signal is ever skipped.
- :func:`insert_many` writes thousands of plain rows (a notice's receipts and notifications,
  a warning's evidence links) where ``bulk_create`` spends its time compiling; with
  ``ignore_conflicts`` rows a unique constraint refuses are skipped.
- :func:`update_many` sets a few fields of many rows, each to its own values, in one
  ``executemany`` (a ``QuerySet.update`` per row compiles each time).
- :func:`columns` and :func:`instance` turn a row of hand-written SQL into a model instance,
  with the fields' database converters applied (aware datetimes, decoded JSON, Decimals).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connections, router
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.expressions import DatabaseDefault
from django.db.models.signals import post_save, pre_save


def qn(name: str, alias: str = "default") -> str:
    return connections[alias].ops.quote_name(name)


@cache
def _insert_plan(model: type[Model], alias: str) -> tuple[str, tuple, bool]:
    connection = connections[alias]
    meta = model._meta
    fields = tuple(f for f in meta.local_concrete_fields
                   if not f.generated and f is not meta.auto_field)
    returning = meta.auto_field is not None and connection.features.can_return_columns_from_insert
    sql = (f"INSERT INTO {qn(meta.db_table, alias)} "  # noqa: S608 - names from model meta
           f"({', '.join(qn(f.column, alias) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    if returning:
        sql += f" RETURNING {qn(meta.auto_field.column, alias)}"
    return sql, fields, returning


def insert(obj: Model) -> Model:
    """INSERT ``obj`` as ``obj.save(force_insert=True)`` would (its fields' ``pre_save`` —
    ``auto_now`` and the like — and ``get_db_prep_save``), set its primary key; returns it.
    Models with save signals listened to, or a ``save`` of their own that does more than
    refuse updates, must be saved the ORM's way (this falls back for the signals)."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        obj.save(force_insert=True, using=alias)
        return obj
    obj._prepare_related_fields_for_save(operation_name="save")
    connection = connections[alias]
    sql, fields, returning = _insert_plan(model, alias)
    values = []
    for f in fields:
        value = f.pre_save(obj, True)
        if isinstance(value, DatabaseDefault):
            if hasattr(f.db_default, "resolve_expression"):  # a database expression
                obj.save(force_insert=True, using=alias)
                return obj
            value = f.db_default  # a plain default: the row gets what the database would
            setattr(obj, f.attname, value)
        values.append(f.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        meta = model._meta
        if meta.auto_field is not None:
            pk = (cursor.fetchone()[0] if returning else
                  connection.ops.last_insert_id(cursor, meta.db_table, meta.auto_field.column))
            setattr(obj, meta.auto_field.attname, pk)
    obj._state.adding = False
    obj._state.db = alias
    return obj


@cache
def _fields(model: type[Model], names: tuple[str, ...] | None):
    meta = model._meta
    if names is None:
        return tuple(meta.concrete_fields)
    return tuple(meta.get_field(n) for n in names)


def columns(model: type[Model], table_alias: str, names: Sequence[str] | None = None,
            alias: str = "default") -> str:
    """``"t"."col", …`` for the model's concrete fields (or ``names``), in order: the
    select list :func:`instance` reads back."""
    return ", ".join(f"{qn(table_alias, alias)}.{qn(f.column, alias)}"
                     for f in _fields(model, tuple(names) if names else None))


@cache
def _converters(model: type[Model], names: tuple[str, ...] | None, alias: str):
    connection = connections[alias]
    out = []
    for field in _fields(model, names):
        col = field.get_col(model._meta.db_table)
        convs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        out.append((field, convs, col))
    return tuple(out)


def instance(model: type[Model], row: Sequence, names: Sequence[str] | None = None,
             alias: str = "default") -> Model:
    """The model instance for ``row`` (the columns of :func:`columns`, same ``names``);
    fields not named are deferred, as with ``only()``."""
    key = tuple(names) if names else None
    connection = connections[alias]
    values = []
    for value, (_field, convs, col) in zip(row, _converters(model, key, alias), strict=True):
        for conv in convs:
            value = conv(value, col, connection)
        values.append(value)
    attnames = [f.attname for f in _fields(model, key)]
    return model.from_db(alias, attnames, values)


def update_many(model: type[Model], names: Sequence[str], rows: Sequence[tuple],
                alias: str = "default") -> None:
    """``UPDATE … SET name = value, … WHERE pk = …`` for each ``(pk, value, …)`` of
    ``rows``, values prepared by the fields as ``QuerySet.update`` prepares them. For plain
    fields (no ``auto_now``: give every value)."""
    if not rows:
        return
    connection = connections[alias]
    meta = model._meta
    fields = [meta.get_field(n) for n in names]
    sql = (f"UPDATE {qn(meta.db_table, alias)} SET "  # noqa: S608 - names from model meta
           f"{', '.join(f'{qn(f.column, alias)} = %s' for f in fields)} "
           f"WHERE {qn(meta.pk.column, alias)} = %s")
    params = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row[1:], strict=True)]
              + [row[0]] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def insert_many(model: type[Model], names: Sequence[str], rows: Sequence[tuple], *,
                same: dict | None = None, ignore_conflicts: bool = False,
                alias: str = "default") -> int:
    """``INSERT`` a row for each tuple of ``rows`` (values of ``names``, in order) plus the
    columns of ``same`` (one value for every row, prepared once); returns how many were
    given. For fan-outs of thousands of plain rows, where ``bulk_create`` spends its time
    compiling: no ``pre_save``, no signals, no primary keys read back (plain fields: give
    every value). ``ignore_conflicts`` skips rows a unique constraint refuses, as
    ``bulk_create(ignore_conflicts=True)`` does.

    PostgreSQL gets one ``COPY … FROM STDIN`` (psycopg parses every ``%s`` of a statement
    in Python: a 30,000-row ``VALUES`` list costs seconds there) unless conflicts are to be
    skipped (COPY cannot skip them); otherwise one ``executemany``."""
    if not rows:
        return 0
    connection = connections[alias]
    meta = model._meta
    same = same or {}
    fields = [meta.get_field(n) for n in names]
    fixed = [meta.get_field(n) for n in same]
    fixed_values = [f.get_db_prep_save(v, connection) for f, v in zip(fixed, same.values(),
                                                                       strict=True)]
    table = qn(meta.db_table, alias)
    columns_sql = ", ".join(qn(f.column, alias) for f in fields + fixed)

    def prepared():
        for row in rows:
            yield [f.get_db_prep_save(v, connection)
                   for f, v in zip(fields, row, strict=True)] + fixed_values

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not ignore_conflicts:
            with cursor.cursor.copy(f"COPY {table} ({columns_sql}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
            return len(rows)
        conflict = OnConflict.IGNORE if ignore_conflicts else None
        marks = ", ".join(["%s"] * (len(fields) + len(fixed)))
        sql = (f"{connection.ops.insert_statement(on_conflict=conflict)} {table} "
               f"({columns_sql}) VALUES ({marks})")
        suffix = connection.ops.on_conflict_suffix_sql(fields + fixed, conflict, None, None)
        if suffix:
            sql += f" {suffix}"
        cursor.executemany(sql, list(prepared()))
    return len(rows)
