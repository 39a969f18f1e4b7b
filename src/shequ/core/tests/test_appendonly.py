"""Every append-only table refuses UPDATE and DELETE in the database, on SQLite and
PostgreSQL; the only exception is a DELETE under ``appendonly.lifted`` for that table."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from shequ.core import appendonly


def _tables():
    return appendonly.declared_tables()


def _model(table):
    return next(m for m in apps.get_models() if m._meta.db_table == table)


def _dummy(field):
    if isinstance(field, models.ForeignKey):
        return 1  # dangling: foreign keys are deferred, and the row is rolled back
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date.today()
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if field.choices:
        return field.choices[0][0]
    return "x"


def _insert_row(table):
    """Insert one row of ``table``'s model with placeholder values; returns its pk."""
    model = _model(table)
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default():
            continue
        values[field.attname] = _dummy(field)
    obj = model(**values)
    model._base_manager.bulk_create([obj])
    if obj.pk is None:
        obj.pk = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return obj.pk


def _refused(sql, params):
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, params)
    except DatabaseError:
        return True
    return False


def test_the_project_declares_its_append_only_tables():
    """The list is read from the migrations; the audit trail, the case events and the
    points ledger are on it."""
    # when
    tables = _tables()
    # then
    assert {"core_auditevent", "ledgers_caseevent", "volunteers_pointsentry"} <= set(tables)


@pytest.mark.django_db
def test_every_declared_table_carries_the_trigger_after_migrating():
    """No later migration (a SQLite table rebuild) has dropped a table's triggers."""
    assert appendonly.installed_tables() == _tables()


@pytest.mark.django_db
@pytest.mark.parametrize("table", _tables())
def test_update_and_delete_are_refused(table):
    """Raw UPDATE and DELETE of a row both fail, and the row is unchanged."""
    with transaction.atomic():
        # given
        pk = _insert_row(table)
        pk_col = _model(table)._meta.pk.column
        # when / then
        assert _refused(f"UPDATE {table} SET {pk_col} = {pk_col} WHERE {pk_col} = %s", [pk])  # noqa: S608
        assert _refused(f"DELETE FROM {table} WHERE {pk_col} = %s", [pk])  # noqa: S608
        assert _model(table)._base_manager.filter(pk=pk).exists()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("table", _tables())
def test_lifting_allows_delete_of_that_table_only_and_never_update(table):
    """``lifted(table)`` lets a DELETE through for that table; UPDATE is still refused and
    lifting another table does not help."""
    with transaction.atomic():
        # given
        pk = _insert_row(table)
        pk_col = _model(table)._meta.pk.column
        other = next(t for t in ["core_auditevent", "ledgers_caseevent"] if t != table)
        # when / then
        with appendonly.lifted(other):
            assert _refused(f"DELETE FROM {table} WHERE {pk_col} = %s", [pk])  # noqa: S608
        with appendonly.lifted(table):
            assert _refused(f"UPDATE {table} SET {pk_col} = {pk_col} WHERE {pk_col} = %s", [pk])  # noqa: S608
            assert not _refused(f"DELETE FROM {table} WHERE {pk_col} = %s", [pk])  # noqa: S608
        assert not _model(table)._base_manager.filter(pk=pk).exists()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_lift_ends_with_its_block():
    """After the ``lifted`` block, DELETE is refused again in the same transaction."""
    table = "core_auditevent"
    with transaction.atomic():
        pk = _insert_row(table)
        with appendonly.lifted(table):
            pass
        assert _refused(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
        transaction.set_rollback(True)

