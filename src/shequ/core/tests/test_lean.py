"""The statements written below the ORM (``core.lean``) store and read back exactly what the
ORM would, and never skip a model's save signals."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone

from shequ.core import lean
from shequ.core.models import AuditEvent
from shequ.territory.models import Area

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=dt.UTC)


def _event(**extra) -> AuditEvent:
    return AuditEvent(at=AT, actor_name="system", action="lean", entity="x", entity_id="7",
                      summary="概要", after={"n": 1, "名": ["a", None]}, seq=1, mac="m",
                      ip="10.0.0.1", **extra)


def test_an_insert_is_read_back_by_the_orm_as_written():
    # when a row is inserted below the ORM
    event = lean.insert(_event())
    # then it has its key, and the ORM reads every field back as given
    assert event.pk is not None and not event._state.adding
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.at, stored.after, stored.summary, stored.ip, stored.before) == (
        AT, {"n": 1, "名": ["a", None]}, "概要", "10.0.0.1", None)


def test_a_row_read_by_hand_becomes_the_instance_the_orm_would_build():
    # given a stored row
    pk = lean.insert(_event()).pk
    # when it is read with hand-written SQL and turned into an instance
    names = ("id", "at", "after", "ip")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {lean.columns(AuditEvent, 'e', names)} "  # noqa: S608
                       f"FROM {lean.qn(AuditEvent._meta.db_table)} e WHERE e.id = %s", [pk])
        event = lean.instance(AuditEvent, cursor.fetchone(), names)
    # then the values are converted (aware datetime, decoded JSON), the rest deferred
    assert (event.pk, event.at, event.after, event.ip) == (pk, AT, {"n": 1, "名": ["a", None]},
                                                           "10.0.0.1")
    assert timezone.is_aware(event.at)
    assert "summary" in event.get_deferred_fields()


def test_a_model_with_save_listeners_is_saved_the_orm_way():
    """A receiver of post_save must hear about the row: lean.insert falls back to save()."""
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.summary, created))

    post_save.connect(receiver, sender=AuditEvent, dispatch_uid="test_lean")
    try:
        lean.insert(_event())
    finally:
        post_save.disconnect(dispatch_uid="test_lean", sender=AuditEvent)
    assert heard == [("概要", True)]


def test_update_many_sets_each_row_its_own_values(tree):
    # given two areas
    a, b = tree.grid1, tree.grid2
    # when both are renamed in one statement, each to its own name
    lean.update_many(Area, ("name",), [(a.pk, "一网格"), (b.pk, "二网格")])
    # then each has its name, and nothing else changed
    assert dict(Area.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "name")) == {
        a.pk: "一网格", b.pk: "二网格"}
    assert Area.objects.get(pk=a.pk).path == a.path


def test_update_many_of_nothing_runs_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        lean.update_many(Area, ("name",), [])
