"""The JSON API: the same services behind /api/v1/deliberation/, the same refusals as
``{"code", "message", "field"}`` with a 4xx, and the public list without a token."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.deliberation import services
from shequ.testing import factories

BASE = "/api/v1/deliberation"


@pytest.fixture
def api(client, staff):
    headers = factories.bearer(staff)

    def call(method, path, body=None):
        fn = getattr(client, method)
        if body is None:
            return fn(BASE + path, **headers)
        return fn(BASE + path, body, content_type="application/json", **headers)
    return call


def test_a_matter_through_the_api_with_its_refusals(api, tree, staff, committee):
    # given a matter proposed and approved through the API
    r = api("post", "/matters", {"community": tree.community.pk, "kind": "project",
                                 "title": "改造车棚", "budget": "50000", "submit": True})
    assert r.status_code == 201, r.content
    matter = r.json()["id"]
    r = api("post", f"/matters/{matter}/review", {"approve": True})
    assert r.json()["status"] == "approved"
    r = api("post", "/meetings", {"community": tree.community.pk, "kind": "council",
                                  "title": "议事会",
                                  "starts_at": (timezone.now() + dt.timedelta(1)).isoformat()})
    meeting = r.json()["id"]
    for m in committee:
        assert api("post", f"/meetings/{meeting}/invitees", {"member": m.pk}).status_code == 201
    r = api("post", f"/meetings/{meeting}/agenda", {"matter": matter})
    item = r.json()["items"][0]["id"]
    a, b = (i["id"] for i in r.json()["invitees"])
    # when nobody is present, a vote is refused for want of quorum
    r = api("post", f"/meetings/{meeting}/items/{item}/votes", {"invitee": a, "choice": "for"})
    assert r.status_code == 400 and r.json()["code"] == "no_quorum"
    api("post", f"/meetings/{meeting}/attendance", {"present": [a, b]})
    assert api("post", f"/meetings/{meeting}/items/{item}/votes",
               {"invitee": a, "choice": "for"}).status_code == 201
    r = api("post", f"/meetings/{meeting}/items/{item}/votes", {"invitee": a, "choice": "for"})
    assert r.status_code == 409 and r.json()["code"] == "already_voted"
    api("post", f"/meetings/{meeting}/items/{item}/votes", {"invitee": b, "choice": "for"})
    r = api("post", f"/meetings/{meeting}/items/{item}/decide")
    assert r.status_code == 200 and r.json()["items"][0]["decided"]
    r = api("get", f"/matters/{matter}")
    assert r.json()["status"] == "passed" and r.json()["votes"]["for"] == 2
    # then its tasks refuse a progress over 100 and a parent set by hand
    root = api("post", f"/matters/{matter}/tasks", {"title": "拆除"}).json()["id"]
    leaf = api("post", f"/matters/{matter}/tasks", {"title": "清运", "parent": root}).json()
    r = api("post", f"/tasks/{leaf['id']}/progress", {"progress": "100.5"})
    assert r.status_code == 400 and r.json() == {
        "code": "progress_range", "message": r.json()["message"], "field": "progress"}
    r = api("post", f"/tasks/{root}/progress", {"progress": 10})
    assert r.status_code == 400 and r.json()["code"] == "parent_progress"
    assert api("post", f"/tasks/{leaf['id']}/progress", {"progress": 30}).status_code == 200
    assert api("get", f"/matters/{matter}").json()["progress"] == "30.00"


def test_a_decision_on_a_matter_not_pre_reviewed_and_a_private_field(api, tree, staff,
                                                                      council):
    matter = services.matter_create(actor=staff, community=tree.community, kind="funds",
                                    title="购置设备", submit=True)
    r = api("post", f"/meetings/{council.pk}/agenda", {"matter": matter.pk})
    assert r.status_code == 400 and r.json()["code"] == "not_reviewed"
    api("post", f"/matters/{matter.pk}/disclosure", {"field": "budget", "state": "private"})
    r = api("post", f"/matters/{matter.pk}/disclosure", {"field": "budget", "state": "public"})
    assert r.status_code == 400 and r.json()["code"] == "private_field"


def test_the_public_list_needs_no_token(client, tree, staff, approved, council):
    from .helpers import passed
    passed(staff, approved, council)
    r = client.get(f"{BASE}/public/{tree.community.code}")
    assert r.status_code == 200
    (row,) = r.json()["rows"]
    assert row["title"] == "翻新小区健身广场" and "background" not in row


def test_the_supervisor_reads_but_gets_403_acting(client, tree, approved):
    headers = factories.bearer(factories.user("supervisor", tree.community))
    assert client.get(f"{BASE}/matters/{approved.pk}", **headers).status_code == 200
    r = client.post(f"{BASE}/matters/{approved.pk}/execute", {}, content_type="application/json",
                    **headers)
    assert r.status_code == 403
