"""Free text of activities and selections (titles, places, descriptions, reasons, the
report, review notes) is refused over its limit with a clear message on every door —
service, page and API — never cut silently."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.campaigns import services
from shequ.campaigns.models import Activity, Nomination, Selection
from shequ.core.errors import DomainError


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_services_refuse_texts_over_their_limit(staff, place, activity, selection):
    """Each text longer than its column is refused with too_long naming the field."""
    start = timezone.now() + dt.timedelta(days=1)
    cases = [
        (services.activity_create, {"community": place.community, "title": "题" * 101,
                                    "kind": "moral_lecture", "place": "活动室",
                                    "starts_at": start, "ends_at": start + dt.timedelta(hours=1),
                                    "capacity": 5}, "title"),
        (services.activity_cancel, {"activity": activity, "reason": "因" * 201}, "reason"),
        (services.activity_report, {"activity": activity, "report": "报" * 4001}, "report"),
        (services.selection_create, {"community": place.community, "title": "评选",
                                     "kind": "harmonious_family",
                                     "description": "述" * 4001}, "description"),
        (services.nomination_submit, {"selection": selection, "nominee": "家" * 61,
                                      "reason": "邻里和睦，孝敬老人"}, "nominee"),
        (services.nomination_submit, {"selection": selection, "nominee": "王家",
                                      "reason": "理" * 2001}, "reason"),
    ]
    for fn, kwargs, field in cases:
        with pytest.raises(DomainError) as refused:
            fn(actor=staff, **kwargs)
        assert (refused.value.code, refused.value.field) == ("too_long", field), fn
    assert Activity.objects.count() == Selection.objects.count() == 1
    assert not Nomination.objects.exists()
    activity.refresh_from_db()
    assert activity.report == "" and activity.cancel_reason == ""


def test_the_activity_form_states_limits_and_refuses_a_long_description(
        client, staff, place):
    client.force_login(staff)
    url = reverse("campaigns:activity-new")
    page = client.get(url).content.decode()
    assert "最多允许 4000 个字符" in page and 'maxlength="100"' not in page
    start = timezone.localtime() + dt.timedelta(days=1)
    response = client.post(url, {
        "community": place.community.pk, "title": "道德讲堂", "kind": "moral_lecture",
        "place": "活动室", "capacity": 10, "volunteer_places": 0,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "description": "述" * 4001})
    assert response.status_code == 400 and response.context["form"].errors["description"]
    assert not Activity.objects.exists()


def test_list_page_forms_say_what_is_too_long(client, staff, activity, selection):
    """The report, the cancel reason, a nomination and a review note posted from the
    detail pages come back with the limit in the message, and nothing changed."""
    client.force_login(staff)
    detail = client.get(reverse("campaigns:activity-detail", args=[activity.pk]))
    assert "最多允许 4000 个字符" in detail.content.decode()
    report = client.post(reverse("campaigns:report", args=[activity.pk]),
                         {"report": "报" * 4001}, follow=True)
    cancel = client.post(reverse("campaigns:activity-cancel", args=[activity.pk]),
                         {"reason": "因" * 201}, follow=True)
    nominate = client.post(reverse("campaigns:nominate", args=[selection.pk]),
                           {"nominee": "王家", "reason": "理" * 2001}, follow=True)
    assert "4000" in _messages(report) and "200" in _messages(cancel)
    assert "2000" in _messages(nominate)
    activity.refresh_from_db()
    assert (activity.state, activity.report) == ("published", "")
    assert not Nomination.objects.exists()
    row = services.nomination_submit(actor=staff, selection=selection, nominee="王家",
                                     reason="邻里和睦，孝敬老人")
    review = client.post(reverse("campaigns:review", args=[selection.pk, row.pk]),
                         {"decision": "reject", "note": "注" * 201}, follow=True)
    assert "200" in _messages(review)
    row.refresh_from_db()
    assert row.state == "submitted"


def test_the_api_refuses_a_long_report_with_the_field(client, staff, activity):
    client.force_login(staff)
    response = client.post(f"/api/v1/campaigns/activities/{activity.pk}/report",
                           json.dumps({"report": "报" * 4001}),
                           content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("too_long", "report")
