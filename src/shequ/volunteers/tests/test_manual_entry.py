"""Past service entered by hand (no check-in): staff give the time and a reason; the record
waits for verification like any other — no points before — and nobody verifies their own
hours. The page and the API use the same service and refuse the same things."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.models import AuditEvent
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsAccount, RecordState, ServiceRecord
from shequ.volunteers.tests.conftest import person

API = "/api/v1/volunteers/records/manual"


def post(client, body):
    return client.post(API, json.dumps(body), content_type="application/json")


def _body(volunteer, **over):
    end = timezone.now() - dt.timedelta(days=2)
    body = {"volunteer": volunteer.pk, "title": "重阳节慰问独居老人",
            "check_in_at": (end - dt.timedelta(hours=3)).isoformat(),
            "check_out_at": end.isoformat(), "reason": "纸质签到表，二维码未能扫描"}
    body.update(over)
    return body


def _balance(resident) -> int:
    account = PointsAccount.objects.filter(resident=resident).first()
    return account.balance if account else 0


def test_staff_enter_past_service_which_earns_points_only_once_verified(
        client, staff, volunteer):
    """The entry is stored waiting for verification, audited with its reason; points come
    only when another staff member verifies it."""
    # given staff signed in
    client.force_login(staff)
    # when they enter three hours done two days ago over the API
    response = post(client, _body(volunteer))
    # then the record waits, with its minutes and reason, and no points were given
    assert response.status_code == 201, response.json()
    record = ServiceRecord.objects.get(pk=response.json()["id"])
    assert (record.state, record.minutes, record.entry_reason) == (
        RecordState.SUBMITTED, 180, "纸质签到表，二维码未能扫描")
    assert response.json()["reason"] == record.entry_reason
    assert _balance(volunteer.resident) == 0
    event = AuditEvent.objects.get(action="enter_by_hand", entity_id=str(record.pk))
    assert event.actor == staff and event.reason == record.entry_reason
    # and it shows in the verification queue as entered by hand
    queue = client.get(reverse("volunteers:record-queue")).content.decode()
    assert 'data-testid="entered-by-hand"' in queue and record.entry_reason in queue
    # when it is verified
    _record, entry = services.record_verify(actor=staff, record=record)
    # then the points are earned
    assert entry.amount > 0 and _balance(volunteer.resident) == entry.amount


def test_staff_cannot_verify_their_own_hours_entered_by_hand(tree, staff):
    """A staff member who volunteers enters their own past service; verifying it
    themselves is refused (the existing rule), a colleague may."""
    # given a staff member who is also a volunteer of the community
    me = person(tree.household1, "张志愿", role="community_staff", area=tree.community)
    mine = services.volunteer_register(actor=me.user, resident=me)
    end = timezone.now() - dt.timedelta(hours=5)
    record = services.record_enter(actor=me.user, volunteer=mine, title="社区值守",
                                   check_in_at=end - dt.timedelta(hours=2), check_out_at=end,
                                   reason="忘记签到")
    # when they verify it themselves
    from shequ.core.errors import Forbidden
    with pytest.raises(Forbidden) as refused:
        services.record_verify(actor=me.user, record=record)
    # then it is refused and still waiting; a colleague can verify it
    assert refused.value.code == "own_record"
    record.refresh_from_db()
    assert record.state == RecordState.SUBMITTED and _balance(me) == 0
    services.record_verify(actor=staff, record=record)
    assert _balance(me) > 0


@pytest.mark.parametrize(("over", "field"), [
    ({"check_out_at": "FUTURE"}, "check_out_at"),
    ({"check_in_at": "LONG"}, "check_out_at"),
    ({"reason": "  "}, "reason"),
    ({"reason": "理" * 201}, "reason"),
    ({"title": "活" * 101}, "title"),
    ({"check_in_at": "YEAR"}, "check_in_at"),
])
def test_api_refuses_bad_entries_with_the_field_and_writes_nothing(
        client, staff, volunteer, over, field):
    """Not in the future, at most 12 hours, within a year, a reason, texts within their
    limits: each refusal is a 400 naming the field."""
    # given
    client.force_login(staff)
    now = timezone.now()
    values = {"FUTURE": (now + dt.timedelta(hours=1)).isoformat(),
              "LONG": (now - dt.timedelta(days=3, hours=13)).isoformat(),
              "YEAR": (now - dt.timedelta(days=400)).isoformat()}
    body = _body(volunteer, **{k: values.get(v, v) for k, v in over.items()})
    if over.get("check_in_at") == "YEAR":
        body["check_out_at"] = (now - dt.timedelta(days=399)).isoformat()
    if over.get("check_in_at") == "LONG":
        body["check_out_at"] = (now - dt.timedelta(days=3)).isoformat()
    # when
    response = post(client, body)
    # then
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == field
    assert set(response.json()) == {"code", "message", "field"}
    assert not ServiceRecord.objects.exists()


def test_a_second_entry_over_the_same_time_is_refused(client, staff, volunteer):
    client.force_login(staff)
    assert post(client, _body(volunteer)).status_code == 201
    again = post(client, _body(volunteer, title="另一项服务"))
    assert again.status_code == 409 and again.json()["code"] == "overlapping_record"
    assert ServiceRecord.objects.count() == 1


def test_volunteers_outside_the_area_and_roles_without_verification_are_refused(
        client, volunteer, grid_worker):
    """Staff of another community get 404 (the volunteer is out of sight); a grid worker
    who sees volunteers but does not verify hours gets 403, on the page a 404."""
    outsider = factories.user("community_staff", factories.Tree().community)
    client.force_login(outsider)
    assert post(client, _body(volunteer)).status_code == 404
    client.force_login(grid_worker)
    assert post(client, _body(volunteer)).status_code == 403
    assert client.get(reverse("volunteers:record-enter", args=[volunteer.pk])).status_code \
        == 404
    assert not ServiceRecord.objects.exists()


def test_the_page_enters_past_service_and_shows_refusals_on_the_form(
        client, staff, volunteer):
    """The form takes a date, from and to, the work and the reason; a time in the future is
    refused on the form and nothing is written; the limits are stated on the form."""
    client.force_login(staff)
    url = reverse("volunteers:record-enter", args=[volunteer.pk])
    page = client.get(url).content.decode()
    assert "最多允许 200 个字符" in page and 'maxlength="200"' not in page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused = client.post(url, {"title": "社区值守", "served_on": tomorrow.isoformat(),
                                "start": "09:00", "end": "11:00", "reason": "补录"})
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == [
        "只能补录已完成的服务：结束时间在将来。"]
    assert not ServiceRecord.objects.exists()
    day = timezone.localdate() - dt.timedelta(days=3)
    done = client.post(url, {"title": "社区值守", "served_on": day.isoformat(),
                             "start": "09:00", "end": "11:30", "reason": "补录纸质签到"})
    assert done.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.minutes, record.state, record.marked_by) == (150, RecordState.SUBMITTED,
                                                                staff)
