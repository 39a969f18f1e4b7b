"""Free text has limits that are stated on the forms and refused with a clear message on
every door — service, page and API — never cut silently."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.errors import DomainError
from shequ.volunteers import services
from shequ.volunteers.models import RecordState, ServiceNeed, ServiceProject, Volunteer


def _need_kwargs(staff, place, **over):
    start = timezone.now() + dt.timedelta(days=1)
    kw = {"actor": staff, "title": "上门理发", "community": place.community,
          "starts_at": start, "ends_at": start + dt.timedelta(hours=2)}
    kw.update(over)
    return kw


@pytest.mark.parametrize(("field", "text"), [
    ("title", "理" * 101), ("description", "述" * 4001), ("address", "址" * 201)])
def test_the_need_service_refuses_text_over_its_limit(staff, place, field, text):
    """A title, description or place longer than its column is refused naming the field;
    nothing is stored cut short."""
    # when
    with pytest.raises(DomainError) as refused:
        services.need_create(**_need_kwargs(staff, place, **{field: text}))
    # then
    assert (refused.value.code, refused.value.field) == ("too_long", field)
    assert not ServiceNeed.objects.exists()


def test_volunteer_note_and_project_texts_over_the_limit_are_refused(staff, alice, place):
    with pytest.raises(DomainError) as note:
        services.volunteer_register(actor=staff, resident=alice, note="注" * 201)
    with pytest.raises(DomainError) as name:
        services.project_create(actor=staff, community=place.community, name="项" * 81)
    assert (note.value.field, name.value.field) == ("note", "name")
    assert not Volunteer.objects.exists() and not ServiceProject.objects.exists()


def test_the_need_form_states_the_limits_and_keeps_a_long_text_for_correcting(
        client, staff, place):
    """The page shows each text's limit and has no maxlength that would cut pasted text;
    a too-long description is refused on the form with the text kept."""
    client.force_login(staff)
    url = reverse("volunteers:need-new")
    page = client.get(url).content.decode()
    assert "最多允许 4000 个字符" in page and 'maxlength="100"' not in page
    start = timezone.localtime() + dt.timedelta(days=1)
    long = "述" * 4001
    response = client.post(url, {
        "title": "上门理发", "community": place.community.pk, "people_needed": 1,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "repeat_weeks": 1,
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "description": long})
    assert response.status_code == 400
    assert response.context["form"].errors["description"]
    assert long in response.content.decode()
    assert not ServiceNeed.objects.exists()


def test_rejecting_hours_with_a_too_long_reason_says_so(client, staff, volunteer, earn):
    """The reject form on the queue answers with the limit, not "give a reason"."""
    now = timezone.now()
    record = services.attendance_mark(actor=staff, volunteer=volunteer, source="t:1",
                                      title="服务", path=volunteer.path,
                                      check_in_at=now - dt.timedelta(hours=1), check_out_at=now)
    client.force_login(staff)
    response = client.post(reverse("volunteers:record-decide", args=[record.pk, "reject"]),
                           {"reason": "因" * 201}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("200" in m and "原因" in m for m in shown), shown
    record.refresh_from_db()
    assert record.state == RecordState.SUBMITTED


def test_the_api_answers_too_long_with_the_field(client, staff, place):
    client.force_login(staff)
    start = timezone.now() + dt.timedelta(days=1)
    response = client.post("/api/v1/volunteers/needs", json.dumps({
        "title": "上门理发", "community": place.community.pk, "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(), "address": "址" * 201}),
        content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_long" and response.json()["field"] == "address"
