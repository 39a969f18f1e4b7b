"""Notices and notifications over the JSON API: the same refusals as the pages, with
the app's error codes and the field at fault; nothing written on a refusal."""

import json

import pytest
from django.test import Client

from shequ.notices import services
from shequ.notices.models import Notice, Notification
from shequ.testing import factories

pytestmark = pytest.mark.django_db
API = "/api/v1/notices"


def _client(user) -> Client:
    return Client(**factories.bearer(user))


def _post(c, url, body, method="post"):
    return getattr(c, method)(url, json.dumps(body), content_type="application/json")


def test_create_list_read_and_receipts(tree, staff, grid_worker, other_grid_worker):
    s, w = _client(staff), _client(grid_worker)
    r = _post(s, f"{API}/notices", {"area": tree.community.pk, "title": "接口通知", "body": "正文",
                                    "roles": ["grid_worker"]})
    assert r.status_code == 201, r.content
    nid = r.json()["id"]
    # the recipient lists and reads it
    mine = w.get(f"{API}/notices?unread=true").json()
    assert [n["id"] for n in mine["items"]] == [nid]
    assert w.get(f"{API}/notices/{nid}").json()["read_at"] is not None
    # the sender sees the counts and who has not read it
    sent = s.get(f"{API}/notices/sent").json()["items"][0]
    assert (sent["recipients"], sent["read"]) == (2, 1)
    unread = s.get(f"{API}/notices/{nid}/unread").json()["items"]
    assert [u["user"] for u in unread] == [other_grid_worker.pk]
    assert s.post(f"{API}/notices/{nid}/remind").json() == {"reminded": 1}


def test_a_notice_outside_scope_is_a_400_naming_the_area(tree, grid_worker):
    outsider = factories.user("community_staff", factories.Tree().community)
    r = _post(_client(outsider), f"{API}/notices",
              {"area": tree.community.pk, "title": "越界", "body": "x"})
    assert r.status_code == 400
    assert r.json()["code"] == "out_of_scope" and r.json()["field"] == "area"
    assert not Notice.objects.exists()


def test_an_unknown_area_or_role_is_refused(tree, staff):
    s = _client(staff)
    r = _post(s, f"{API}/notices", {"area": 999999, "title": "t", "body": "b"})
    assert r.status_code == 404 and r.json()["field"] == "area"
    r = _post(s, f"{API}/notices", {"area": tree.community.pk, "title": "t", "body": "b",
                                    "roles": ["king"]})
    assert r.status_code == 400 and r.json()["code"] == "unknown_role"


def test_a_recipient_may_not_read_the_receipts_or_remind(tree, staff, grid_worker):
    notice = services.notice_create(actor=staff, area=tree.community, title="t", body="b")
    w = _client(grid_worker)
    assert w.get(f"{API}/notices/{notice.pk}/unread").status_code == 404
    assert w.post(f"{API}/notices/{notice.pk}/remind").status_code == 404


def test_my_notifications_and_mark_read(tree, grid_worker, other_grid_worker):
    services.notify(recipients=[grid_worker, other_grid_worker], kind="notice", title="甲")
    w = _client(grid_worker)
    items = w.get(f"{API}/notifications?unread=true").json()["items"]
    assert [i["title"] for i in items] == ["甲"]
    assert _post(w, f"{API}/notifications/read", {}).json() == {"changed": 1}
    assert w.get(f"{API}/notifications?unread=true").json()["items"] == []
    assert Notification.objects.get(user=other_grid_worker).read_at is None


def test_preferences(tree, grid_worker):
    w = _client(grid_worker)
    r = _post(w, f"{API}/preferences", {"kind": "*", "channel": "sms", "cadence": "weekly"},
              method="put")
    assert r.status_code == 200 and r.json()["cadence"] == "weekly"
    assert w.get(f"{API}/preferences").json() == [
        {"kind": "*", "channel": "sms", "cadence": "weekly"}]
    r = _post(w, f"{API}/preferences", {"channel": "pigeon", "cadence": "daily"}, method="put")
    assert r.status_code == 400 and r.json()["code"] == "unknown_channel"
