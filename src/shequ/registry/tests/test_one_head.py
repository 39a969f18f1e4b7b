"""One head (户主) per household, on every door: the service, the database, the add-member
form (which proposes the next likely relation), the JSON API, and the data migration that
resolves the households that already hold several heads."""

from __future__ import annotations

import importlib
import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils.translation import override

from shequ.accounts.services import api_token_create
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.core.models import AuditEvent
from shequ.registry import services
from shequ.registry.models import Resident
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def _add(household) -> str:
    return reverse("registry:resident-create", args=[household.pk])


@pytest.fixture
def head(tree):
    return factories.resident(tree.household1, name="叶玉", relation="head")


def test_a_second_head_is_refused_by_the_service(tree, head):
    """Registering another head in a household that has one names the current head."""
    # when
    with pytest.raises(DomainError) as caught:
        factories.resident(tree.household1, name="罗洋", relation="head")
    # then
    assert caught.value.code == "household_has_head" and caught.value.field == "relation"
    assert "叶玉" in caught.value.message
    assert Resident.objects.filter(household=tree.household1).count() == 1


def test_the_database_refuses_a_second_active_head(tree, head):
    """Even a write that skips the service (a bulk insert) cannot add a second head."""
    # given
    other = factories.resident(tree.household1, name="罗洋", relation="spouse")
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=other.pk).update(relation="head")


def test_making_a_member_head_is_refused_while_the_head_is_active(tree, head):
    """Changing a member's relation to head is refused until the head steps down or leaves;
    a departed head no longer counts."""
    # given
    spouse = factories.resident(tree.household1, name="罗洋", relation="spouse")
    # when
    with pytest.raises(DomainError) as caught:
        services.resident_update(actor=SYSTEM, resident=spouse, relation="head")
    # then
    assert caught.value.code == "household_has_head"
    # and once the head has moved away, the spouse may become head
    services.resident_deactivate(actor=SYSTEM, resident=head, reason="搬离")
    services.resident_update(actor=SYSTEM, resident=spouse, relation="head")
    assert Resident.objects.get(pk=spouse.pk).relation == "head"


def test_moving_a_head_into_a_household_with_a_head_is_refused(tree, head):
    # given
    other_head = factories.resident(tree.household2, name="夏艳超", relation="head")
    # when / then
    with pytest.raises(DomainError) as caught:
        services.resident_update(actor=SYSTEM, resident=other_head, household=tree.household1)
    assert caught.value.code == "household_has_head"


def test_without_a_relation_a_member_gets_the_next_likely_one(tree):
    """Head while there is none, then spouse, then child."""
    # when
    people = [factories.resident(tree.household1, name=n) for n in ("叶玉", "罗洋", "马霞")]
    # then
    assert [p.relation for p in people] == ["head", "spouse", "child"]


def test_the_add_member_form_proposes_head_only_for_a_household_without_one(client, staff,
                                                                             tree, head):
    """The form's default relation: spouse here (there is a head), head in an empty home."""
    # given
    client.force_login(staff)
    # when
    with_head = client.get(_add(tree.household1)).content.decode()
    empty = client.get(_add(tree.household2)).content.decode()
    # then
    assert '<option value="spouse" selected>' in with_head
    assert '<option value="head" selected>' not in with_head
    assert '<option value="head" selected>' in empty


def test_the_form_refuses_a_second_head_next_to_the_relation(client, staff, tree, head):
    # given
    client.force_login(staff)
    # when
    with override("zh-hans"):
        response = client.post(_add(tree.household1), {
            "name": "罗洋", "id_number": factories.make_id_number(), "relation": "head",
            "ethnicity": "汉族", "political_status": "masses", "residence_type": "registered",
        })
    # then
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-error-for="relation"' in page and "叶玉" in page
    assert Resident.objects.filter(household=tree.household1).count() == 1


def _api_post(client, user, path, body):
    _token, raw = api_token_create(actor=SYSTEM, user=user, name="test")
    return client.post(path, json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_refuses_a_second_head_with_a_json_error(client, staff, tree, head):
    """POST /api/v1/residents with relation head → 400 household_has_head naming the field;
    without a relation the member is registered as the next likely one (spouse)."""
    # given
    body = {"household_id": tree.household1.pk, "name": "罗洋",
            "id_number": factories.make_id_number(), "relation": "head"}
    # when
    refused = _api_post(client, staff, "/api/v1/residents", body)
    del body["relation"]
    accepted = _api_post(client, staff, "/api/v1/residents", body)
    # then
    error = json.loads(refused.content)
    assert refused.status_code == 400
    assert error["code"] == "household_has_head" and error["field"] == "relation"
    assert accepted.status_code == 201 and accepted.json()["relation"] == "spouse"


def test_the_migration_keeps_the_earliest_head_and_audits_the_others(tree):
    """Households that already hold several heads keep the earliest registered one; the
    others become 其他, each change in the audit trail; a departed head is left alone."""
    # given three active heads and one departed head in one flat (written as before the
    # constraint existed)
    migration = importlib.import_module(
        "shequ.registry.migrations.0004_one_head_per_household")
    constraint = next(c for c in Resident._meta.constraints
                      if c.name == "resident_one_head_per_household")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {constraint.name}")
    try:
        first = factories.resident(tree.household1, name="叶玉", relation="head")
        others = [factories.resident(tree.household1, name=n, relation="spouse")
                  for n in ("罗洋", "马霞", "余芳")]
        services.resident_deactivate(actor=SYSTEM, resident=others[2], reason="搬离")
        Resident.objects.filter(pk__in=[o.pk for o in others]).update(relation="head")
        # when
        from django.apps import apps

        migration.keep_one_head(apps, None)
    finally:
        sql = str(constraint.create_sql(Resident, connection.schema_editor(collect_sql=True)))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # run the deferred checks before the index
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql)
    # then
    relations = dict(Resident.objects.values_list("name", "relation"))
    assert relations == {"叶玉": "head", "罗洋": "other", "马霞": "other", "余芳": "head"}
    assert first.relation == "head"
    events = AuditEvent.objects.filter(action="update", entity="resident",
                                       after={"relation": "other"})
    assert sorted(e.summary for e in events) == ["罗洋", "马霞"]
