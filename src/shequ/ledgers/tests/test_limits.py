"""Limits on the free text of a case, the same at every door: a description of at most
2,000 characters, a title of 100, a name of 40, an address of 200, a note of 2,000. Too
long is refused with a message stating the limit (never cut silently) — by the service,
the staff form, the API (400 ``{"code", "message", "field"}``), Open311 (the spec's
error list) and the resident portal — and the forms state the limits."""

import pytest
from django.test import Client
from django.urls import reverse

from shequ.core.errors import DomainError
from shequ.ledgers import services
from shequ.ledgers.models import Case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]
LONG = "楼" * 2001


@pytest.mark.parametrize("field,value", [
    ("description", LONG), ("title", "标" * 101), ("reporter_name", "名" * 41),
    ("address", "址" * 201)])
def test_the_service_refuses_too_long_text(place, sanitation, staff, field, value):
    """Nothing is cut: the caller learns the field and the limit."""
    kw = {"description": "楼道灯坏了", field: value}
    with pytest.raises(DomainError) as exc:
        services.case_create(actor=staff, category=sanitation, building=place.building1,
                             source="walk_in", **kw)
    assert (exc.value.code, exc.value.field) == ("too_long", field)
    assert str(len(value) - 1) in exc.value.message and Case.objects.count() == 0


def test_exactly_the_limit_is_taken(place, sanitation, staff):
    case = services.case_create(actor=staff, category=sanitation, building=place.building1,
                                source="walk_in", description="楼" * 2000, title="标" * 100)
    assert len(case.description) == 2000 and len(case.title) == 100


def test_a_step_note_too_long_is_refused_not_cut(make_case, staff):
    case = make_case(staff)
    with pytest.raises(DomainError) as exc:
        services.case_reject(actor=staff, case=case, reason="因" * 2001)
    assert exc.value.code == "too_long"
    case.refresh_from_db()
    assert case.state == "received"


def test_the_staff_form_states_and_applies_the_limit(login, place, sanitation, staff):
    c = login(staff)
    page = c.get(reverse("ledgers:case-new")).content.decode()
    assert 'maxlength="2000"' in page and "2000" in page.split('maxlength="2000"')[1][:600]
    r = c.post(reverse("ledgers:case-new"), {
        "category": sanitation.pk, "building": place.building1.pk, "description": LONG,
        "source": "walk_in", "confirmed": "1", "reporter_checked": "1"})
    assert r.status_code == 400 and "2000" in r.content.decode()
    assert Case.objects.count() == 0


def test_the_api_answers_400_naming_the_field(place, grid_worker):
    c = Client()
    c.force_login(grid_worker)
    r = c.post("/api/v1/ledgers/cases", {"category": "sanitation", "description": LONG,
                                         "building": place.building1.pk},
               content_type="application/json")
    body = r.json()
    assert r.status_code == 400 and set(body) == {"code", "message", "field"}
    assert (body["code"], body["field"]) == ("too_long", "description")
    assert "2000" in body["message"] and Case.objects.count() == 0


def test_the_portal_states_and_applies_the_limit(client, place, sanitation):
    page = client.get(reverse("ledgers:report")).content.decode()
    assert 'maxlength="2000"' in page
    r = client.post(reverse("ledgers:report"), {
        "category": sanitation.pk, "community": place.community.pk, "description": LONG,
        "reporter_phone": "13912345678"})
    assert r.status_code == 400 and "2000" in r.content.decode()
    assert Case.objects.count() == 0
