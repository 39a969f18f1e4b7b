"""Staff work on activities and selections over the JSON API, with the pages' refusals:
a supervisor (reads, may not change) gets 403, another community 404, bad input a 400
naming the field, a change after the allowed state a 409 — and a refusal writes nothing."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from shequ.campaigns import services
from shequ.campaigns.models import Activity, Selection, Signup
from shequ.testing import factories

API = "/api/v1/campaigns"


def send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        client.handler.enforce_csrf_checks = False
        return client
    return as_user


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)


@pytest.fixture
def outsider():
    return factories.user("community_staff", factories.Tree().community)


# -- activities --------------------------------------------------------------------------------
def test_staff_create_and_update_an_activity(api, staff, place, alice, bob):
    start = timezone.now() + dt.timedelta(days=1)
    r = send(api(staff), "post", f"{API}/activities", {
        "community": place.community.pk, "title": "法律进社区", "kind": "law",
        "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "capacity": 1})
    assert r.status_code == 201, r.content
    activity = Activity.objects.get(pk=r.json()["id"])
    services.signup_create(actor=alice.user, activity=activity)
    services.signup_create(actor=bob.user, activity=activity)
    # a second place promotes the one waiting; the title is kept
    r = send(api(staff), "patch", f"{API}/activities/{activity.pk}", {"capacity": 2})
    assert r.status_code == 200, r.content
    assert (r.json()["title"], r.json()["confirmed"], r.json()["waiting"]) == (
        "法律进社区", 2, 0)


def test_activity_update_refusals_write_nothing(api, staff, supervisor, outsider, activity,
                                               alice):
    services.signup_create(actor=alice.user, activity=activity)
    url = f"{API}/activities/{activity.pk}"
    assert send(api(supervisor), "patch", url, {"title": "x"}).status_code == 403
    assert send(api(outsider), "patch", url, {"title": "x"}).status_code == 404
    r = send(api(staff), "patch", url, {"title": "x", "capacity": 0})
    assert (r.status_code, r.json()["field"]) == (400, "capacity")
    r = send(api(staff), "patch", url, {"title": "x", "ends_at": activity.starts_at.isoformat()})
    assert (r.status_code, r.json()["field"]) == (400, "ends_at")
    r = send(api(staff), "patch", url, {"title": "x", "kind": "party"})
    assert (r.status_code, r.json()["field"]) == (400, "kind")
    activity.refresh_from_db()
    assert (activity.title, activity.capacity) == ("道德讲堂", 1)


def test_cancel_an_activity_once(api, staff, supervisor, outsider, activity):
    url = f"{API}/activities/{activity.pk}/cancel"
    assert send(api(supervisor), "post", url, {"reason": "下雨"}).status_code == 403
    assert send(api(outsider), "post", url, {"reason": "下雨"}).status_code == 404
    r = send(api(staff), "post", url, {})
    assert (r.status_code, r.json()["field"]) == (400, "reason")
    assert Activity.objects.get(pk=activity.pk).state == "published"
    r = send(api(staff), "post", url, {"reason": "下雨"})
    assert (r.status_code, r.json()["state"]) == (200, "cancelled")
    assert send(api(staff), "post", url, {"reason": "again"}).status_code == 409
    # a cancelled activity can no longer be changed
    r = send(api(staff), "patch", f"{API}/activities/{activity.pk}", {"title": "x"})
    assert r.status_code == 409


def test_roll_call_and_report(api, staff, supervisor, activity, alice):
    signup = services.signup_create(actor=alice.user, activity=activity)
    url = f"{API}/activities/{activity.pk}"
    assert send(api(supervisor), "post", f"{url}/attendance",
                {"attended": [signup.pk]}).status_code == 403
    assert not Signup.objects.get(pk=signup.pk).attended
    r = send(api(staff), "post", f"{url}/attendance", {"attended": [signup.pk]})
    assert (r.status_code, r.json()["marked"]) == (200, 1)
    r = send(api(staff), "post", f"{url}/report", {"report": " "})
    assert (r.status_code, r.json()["field"]) == (400, "report")
    r = send(api(staff), "post", f"{url}/report", {"report": "30人参加"})
    assert (r.status_code, r.json()["state"]) == (200, "done")


# -- selections --------------------------------------------------------------------------------
def test_staff_create_update_and_run_a_selection(api, staff, place):
    s = api(staff)
    r = send(s, "post", f"{API}/selections", {"community": place.community.pk,
                                             "title": "孝善之家", "kind": "filial_home"})
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    r = send(s, "patch", f"{API}/selections/{sid}", {"votes_per_voter": 2,
                                                      "hide_results": False})
    assert (r.status_code, r.json()["votes_per_voter"], r.json()["title"]) == (
        200, 2, "孝善之家")
    r = send(s, "post", f"{API}/selections/{sid}/nominations", {"nominee": "王家",
                                                                "reason": "孝敬老人，照顾公婆"})
    nid = r.json()["id"]
    r = send(s, "post", f"{API}/selections/{sid}/nominations/{nid}/review", {"accept": True})
    assert (r.status_code, r.json()["state"]) == (200, "accepted")
    now = timezone.now()
    r = send(s, "post", f"{API}/selections/{sid}/open-voting", {
        "opens_at": now.isoformat(), "closes_at": (now + dt.timedelta(days=1)).isoformat()})
    assert (r.status_code, r.json()["state"]) == (200, "voting")
    # the rules are fixed once voting opened, and publishing waits for the window to close
    r = send(s, "patch", f"{API}/selections/{sid}", {"votes_per_voter": 3})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")
    assert send(s, "post", f"{API}/selections/{sid}/publish").status_code == 409
    assert Selection.objects.get(pk=sid).votes_per_voter == 2


def test_selection_update_refusals_write_nothing(api, staff, supervisor, outsider, selection):
    url = f"{API}/selections/{selection.pk}"
    assert send(api(supervisor), "patch", url, {"title": "x"}).status_code == 403
    assert send(api(outsider), "patch", url, {"title": "x"}).status_code == 404
    r = send(api(staff), "patch", url, {"title": "x", "votes_per_voter": 21})
    assert (r.status_code, r.json()["field"]) == (400, "votes_per_voter")
    r = send(api(staff), "patch", url, {"title": ""})
    assert (r.status_code, r.json()["field"]) == (400, "title")
    r = send(api(staff), "post", f"{url}/open-voting", {
        "opens_at": timezone.now().isoformat(),
        "closes_at": (timezone.now() + dt.timedelta(days=1)).isoformat()})
    assert (r.status_code, r.json()["field"]) == (400, "nominations")
    selection.refresh_from_db()
    assert (selection.title, selection.state) == ("和谐家庭评选", "nominating")


def test_rejecting_a_nomination_needs_a_note(api, staff, selection):
    n = services.nomination_submit(actor=staff, selection=selection, nominee="李家",
                                   reason="邻里和睦相处")
    url = f"{API}/selections/{selection.pk}/nominations/{n.pk}/review"
    r = send(api(staff), "post", url, {"accept": False})
    assert (r.status_code, r.json()["field"]) == (400, "note")
    assert send(api(staff), "post", f"{API}/selections/{selection.pk}/nominations/999999/review",
                {"accept": True}).status_code == 404
    n.refresh_from_db()
    assert n.state == "submitted"
