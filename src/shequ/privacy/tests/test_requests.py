"""Residents' personal-data requests: staff log them with a 15-working-day deadline, only
within their territory, close each once with an answer; a resident downloads what is held
about them; closed requests leave after the retention period. Every write is audited."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.privacy import services
from shequ.privacy.models import DataRequest, RequestState
from shequ.registry.models import Resident
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(tree):
    return factories.resident(tree.household1, name="王丽")


@pytest.fixture
def api(client, staff):
    client.defaults.update(factories.bearer(staff))
    return client


def _resident_user(tree, resident):
    user = factories.user("resident", tree.community)
    Resident.objects.filter(pk=resident.pk).update(user=user)
    return user


def test_a_request_is_due_fifteen_working_days_after_it_arrived(staff, alice):
    """Received Monday 2 November 2026 → due Monday 23 November (three weeks of weekdays)."""
    # when
    d = services.data_request_log(actor=staff, resident=alice, kind="access",
                                  received_on=dt.date(2026, 11, 2), note="查看登记信息")
    # then
    assert d.due_on == dt.date(2026, 11, 23) and d.state == RequestState.OPEN
    assert AuditEvent.objects.filter(action="data_request", entity_id=str(alice.pk)).exists()


def test_the_holiday_calendar_stretches_the_deadline(staff, alice):
    """Received Monday 28 September 2026: National Day (1–7 Oct) does not count and the
    make-up Saturday 10 October does: 29, 30 Sep, 8, 9, 10 Oct, then two weeks and five
    days → due Friday 23 October (a calendar of weekdays alone would give 19 October)."""
    d = services.data_request_log(actor=staff, resident=alice, kind="delete",
                                  received_on=dt.date(2026, 9, 28))
    assert d.due_on == dt.date(2026, 10, 23)


def test_staff_outside_the_residents_area_cannot_log_or_see(tree, alice, staff):
    """Staff of another community get NotFound; a grid worker (no such duty) is refused."""
    # given
    other = factories.Tree()
    outsider = factories.user("community_staff", other.community)
    grid_worker = factories.user("grid_worker", tree.grid1)
    d = services.data_request_log(actor=staff, resident=alice, kind="access")
    # when / then
    with pytest.raises(NotFound):
        services.data_request_log(actor=outsider, resident=alice, kind="access")
    with pytest.raises(NotFound):
        services.data_request_close(actor=outsider, request=d, state="done", outcome="x")
    with pytest.raises(DomainError):
        services.data_request_log(actor=grid_worker, resident=alice, kind="access")
    assert DataRequest.objects.count() == 1


def test_a_request_closes_once_with_an_answer(staff, alice):
    """Closing needs what the resident was told; a second close is a conflict."""
    d = services.data_request_log(actor=staff, resident=alice, kind="correct")
    with pytest.raises(DomainError):
        services.data_request_close(actor=staff, request=d, state="refused", outcome=" ")
    services.data_request_close(actor=staff, request=d, state="refused", outcome="信息无误")
    with pytest.raises(Conflict):
        services.data_request_close(actor=staff, request=d, state="done", outcome="again")
    d.refresh_from_db()
    assert d.state == RequestState.REFUSED and d.outcome == "信息无误"
    assert AuditEvent.objects.filter(action="data_request_close").count() == 1


def test_a_request_cannot_arrive_in_the_future(staff, alice):
    with pytest.raises(DomainError) as exc:
        services.data_request_log(actor=staff, resident=alice, kind="access",
                                  received_on=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.field == "received_on"


def test_api_logs_lists_and_closes(api, alice):
    """POST logs (201, with its deadline), GET lists, close answers; errors are JSON."""
    # when
    r = api.post("/api/v1/privacy/requests", {"resident_id": alice.pk, "kind": "access"},
                 content_type="application/json")
    # then
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["resident_name"] == "王丽" and body["state"] == "open" and not body["overdue"]
    assert [x["id"] for x in api.get("/api/v1/privacy/requests?state=open").json()] == [body["id"]]
    closed = api.post(f"/api/v1/privacy/requests/{body['id']}/close",
                      {"state": "done", "outcome": "已提供副本"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["state"] == "done"
    again = api.post(f"/api/v1/privacy/requests/{body['id']}/close",
                     {"state": "done", "outcome": "x"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"]


def test_api_hides_residents_out_of_scope(api):
    """A resident of another community is a plain 404 and nothing is logged."""
    other = factories.Tree()
    stranger = factories.resident(other.household1, name="李四")
    r = api.post("/api/v1/privacy/requests", {"resident_id": stranger.pk, "kind": "access"},
                 content_type="application/json")
    assert r.status_code == 404
    assert not DataRequest.objects.exists()


def test_a_resident_downloads_their_own_data_only(client, tree, alice, staff):
    """JSON and Excel hold the resident's own record (ID and phone masked) and requests,
    nobody else's; the download is audited as an export."""
    # given
    factories.resident(tree.household2, name="赵六")
    user = _resident_user(tree, alice)
    services.data_request_log(actor=staff, resident=alice, kind="access")
    client.force_login(user)
    # when
    page = client.get(reverse("privacy:my-data"))
    r = client.get(reverse("privacy:my-data") + "?format=json")
    xlsx = client.get(reverse("privacy:my-data") + "?format=xlsx")
    # then
    assert page.status_code == 200
    data = json.loads(r.content)
    assert data["resident"]["name"] == "王丽" and "赵六" not in r.content.decode()
    assert data["resident"]["id_number"] == alice.id_number_masked
    assert len(data["requests"]) == 1 and data["reports"] == [] and data["points"] == []
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book["resident"]["A2"].value == alice.pk
    assert AuditEvent.objects.filter(action="export", entity="own_data").count() == 2


def test_staff_have_no_own_data_page(client, staff):
    """The page is for residents: staff without the right are refused."""
    client.force_login(staff)
    assert client.get(reverse("privacy:my-data") + "?format=json").status_code == 403


def test_staff_page_logs_and_lists(client, staff, alice):
    """The staff page logs a request by resident number and lists it with its deadline."""
    client.force_login(staff)
    r = client.post(reverse("privacy:requests"), {"resident_id": alice.pk, "kind": "delete",
                                                 "note": "注销后删除"})
    assert r.status_code == 302
    page = client.get(reverse("privacy:requests")).content.decode()
    d = DataRequest.objects.get()
    assert f'data-request="{d.pk}"' in page and d.due_on.strftime("%Y-%m-%d") in page


def test_closed_requests_leave_after_the_retention_period(staff, alice):
    """Closed requests older than the schedule go; open ones and recent ones stay."""
    old = services.data_request_log(actor=staff, resident=alice, kind="access")
    services.data_request_close(actor=staff, request=old, state="done", outcome="ok")
    DataRequest.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=4 * 365))
    recent = services.data_request_log(actor=staff, resident=alice, kind="access")
    call_command("retention", "--only", "closed_data_requests", stdout=io.StringIO())
    assert list(DataRequest.objects.values_list("pk", flat=True)) == [recent.pk]
