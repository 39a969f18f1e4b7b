"""The branches API: the same services and refusals as the pages, as {code, message,
field}."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.branches import services
from shequ.branches.models import Meeting, MeetingKind
from shequ.testing import factories

API = "/api/v1/branches"


def today():
    return timezone.localdate()


@pytest.mark.django_db
def test_a_record_dated_in_the_future_is_refused(client, staff, party):
    h = factories.bearer(staff)
    r = client.post(f"{API}/meetings", {
        "branch": party.branch.pk, "kind": "lesson", "topic": "党课",
        "planned_on": str(today()), "held_on": str(today() + dt.timedelta(days=1))},
        content_type="application/json", **h)
    assert r.status_code == 400
    assert r.json()["code"] == "future_date" and r.json()["field"] == "held_on"
    assert not Meeting.objects.exists()
    r = client.post(f"{API}/meetings", {
        "branch": party.branch.pk, "kind": "lesson", "topic": "党课",
        "planned_on": str(today()), "held_on": str(today())},
        content_type="application/json", **h)
    assert r.status_code == 201
    mid = r.json()["id"]
    r = client.patch(f"{API}/meetings/{mid}", {"held_on": str(today() + dt.timedelta(2))},
                     content_type="application/json", **h)
    assert r.status_code == 400 and r.json()["code"] == "future_date"
    r = client.post(f"{API}/meetings/{mid}/roll-call",
                    {"present": [party.me.pk, party.stranger.pk]},
                    content_type="application/json", **h)
    assert r.status_code == 400 and r.json()["code"] == "not_in_branch"
    r = client.post(f"{API}/meetings/{mid}/roll-call", {"present": [party.me.pk]},
                    content_type="application/json", **h)
    assert r.json() == {"recorded": 1}
    assert client.get(f"{API}/meetings", **h).json()["items"][0]["present"] == 1


@pytest.mark.django_db
def test_sign_in_by_someone_not_in_the_branch(client, staff, party):
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="党课", planned_on=today())
    r = client.post(f"{API}/check-in/{m.checkin_token}",
                    **factories.bearer(party.stranger.resident.user))
    assert r.status_code == 403 and r.json()["code"] == "not_in_branch"
    r = client.post(f"{API}/check-in/{m.checkin_token}",
                    **factories.bearer(party.me.resident.user))
    assert r.status_code == 201


@pytest.mark.django_db
def test_the_chain_over_the_api(client, district_admin, street_admin, staff, tree, party):
    due = str(today() + dt.timedelta(days=10))
    r = client.post(f"{API}/chain", {"area": tree.district.pk, "title": "述职评议",
                                     "owner": "区委", "due_on": due},
                    content_type="application/json", **factories.bearer(district_admin))
    assert r.status_code == 201
    head = r.json()["id"]
    h = factories.bearer(street_admin)
    r = client.post(f"{API}/chain/{head}/derive", {"area": tree.community.pk, "owner": "x",
                                                   "due_on": due},
                    content_type="application/json", **h)
    assert r.status_code == 400 and r.json()["code"] == "wrong_level"
    r = client.post(f"{API}/chain/{head}/derive", {"area": tree.street.pk, "owner": "街道",
                                                   "due_on": due},
                    content_type="application/json", **h)
    assert r.status_code == 201
    # evidence on the district's item from the street: refused
    r = client.post(f"{API}/chain/{head}/evidence", {"note": "完成"},
                    content_type="application/json", **h)
    assert r.status_code == 403
    r = client.post(f"{API}/chain/{head}/close", **factories.bearer(district_admin))
    assert r.status_code == 409 and r.json()["code"] == "no_evidence"
    links = client.get(f"{API}/chain?broken=true", **h).json()
    street_link = next(lk for lk in links if lk["level"] == "street")
    assert street_link["missing"] == [tree.community.name] and street_link["no_evidence"]


@pytest.mark.django_db
def test_basics_and_shortfalls(client, staff, party):
    h = factories.bearer(staff)
    rows = client.get(f"{API}/basics?below=true", **h).json()
    assert {r["branch"] for r in rows} == {party.branch.pk, party.other.pk}
    assert client.get(f"{API}/shortfalls?quarter=2025Q2", **h).status_code == 200
    resident = factories.user("resident", party.branch.area)
    assert client.get(f"{API}/shortfalls", **factories.bearer(resident)).status_code == 404
