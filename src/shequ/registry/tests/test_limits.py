"""Text limits are stated on the form and refused with a message on every door — form,
JSON API ({"code": "too_long", "message", "field"}), service, roster import — never cut.
The limits are the columns' own (core.freetext)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from shequ.accounts.services import api_token_create
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.organizations import services as org_services
from shequ.organizations.models import Unit
from shequ.registry import services
from shequ.registry.models import Resident
from shequ.territory import services as territory_services
from shequ.territory.models import Area, Compound
from shequ.testing import factories

pytestmark = pytest.mark.django_db
CODE = "91350100M000100Y43"


def _form(**changes) -> dict:
    return {"name": "罗洋", "id_number": factories.make_id_number(), "relation": "spouse",
            "ethnicity": "汉族", "political_status": "masses", "residence_type": "registered",
            "note": "", **changes}


def test_the_form_states_the_limits(client, staff, tree):
    """Name 40, ethnicity 20, note 200: as maxlength and as help text."""
    # given
    client.force_login(staff)
    # when
    page = client.get(reverse("registry:resident-create", args=[tree.household1.pk]))
    # then
    html = page.content.decode()
    assert 'maxlength="40"' in html and 'maxlength="20"' in html and 'maxlength="200"' in html
    assert html.count('class="muted"') >= 3 and "40" in html


@pytest.mark.parametrize(("field", "value"), [
    ("name", "欧阳" * 21), ("ethnicity", "民族" * 11), ("note", "备注" * 101),
])
def test_the_form_refuses_what_is_too_long_instead_of_cutting_it(client, staff, tree, field,
                                                                 value):
    # given
    client.force_login(staff)
    # when
    response = client.post(reverse("registry:resident-create", args=[tree.household1.pk]),
                           _form(**{field: value}))
    # then
    assert response.status_code == 400
    assert f'data-error-for="{field}"' in response.content.decode()
    assert not Resident.objects.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("ethnicity", "民族" * 11), ("note", "备注" * 101),
])
def test_the_service_refuses_what_is_too_long(tree, field, value):
    """A caller past the form and the API (import, CLI, another module) is refused too."""
    # when
    with pytest.raises(DomainError) as caught:
        factories.resident(tree.household1, **{field: value})
    # then
    assert (caught.value.code, caught.value.field) == ("too_long", field)
    assert not Resident.objects.exists()


def test_an_update_refuses_what_is_too_long(tree):
    # given
    r = factories.resident(tree.household1)
    # when
    with pytest.raises(DomainError) as caught:
        services.resident_update(actor=SYSTEM, resident=r, note="长" * 201)
    # then
    assert caught.value.code == "too_long"
    assert Resident.objects.get(pk=r.pk).note == ""


def test_the_api_refuses_with_the_error_shape(client, staff, tree):
    # given
    _token, raw = api_token_create(actor=SYSTEM, user=staff, name="t")
    body = {"household_id": tree.household1.pk, "name": "罗" * 41,
            "id_number": factories.make_id_number()}
    # when
    response = client.post("/api/v1/residents", json.dumps(body),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    # then
    assert response.status_code == 400
    assert {k: response.json()[k] for k in ("code", "field")} == {"code": "too_long",
                                                                  "field": "name"}


def test_territory_names_are_refused_not_stored_long(tree):
    """Areas, compounds, buildings, entrances and rooms: the column's limit or a refusal."""
    # when / then
    with pytest.raises(DomainError) as area:
        territory_services.area_create(actor=SYSTEM, kind="grid", name="网" * 61, code="G-long",
                                       parent=tree.community)
    with pytest.raises(DomainError) as compound:
        territory_services.compound_get_or_create(community=tree.community, name="苑" * 61)
    with pytest.raises(DomainError) as building:
        territory_services.building_get_or_create(grid=tree.grid1, compound=tree.compound,
                                                  name="7" * 31)
    assert {area.value.code, compound.value.code, building.value.code} == {"too_long"}
    assert not Area.objects.filter(code="G-long").exists()
    assert Compound.objects.count() == 1


def test_unit_and_party_organisation_names_are_refused_not_stored_long(tree, staff):
    # when / then
    with pytest.raises(DomainError) as unit:
        org_services.unit_create(actor=staff, name="单" * 101, credit_code=CODE,
                                 kind="enterprise", area=tree.community)
    with pytest.raises(DomainError) as address:
        org_services.unit_create(actor=staff, name="某公司", credit_code=CODE,
                                 kind="enterprise", area=tree.community, address="路" * 201)
    with pytest.raises(DomainError) as org:
        org_services.party_org_create(actor=SYSTEM, kind="district_committee", name="党" * 101,
                                      area=tree.district)
    assert (unit.value.field, address.value.field, org.value.field) == ("name", "address",
                                                                       "name")
    assert not Unit.objects.exists()
