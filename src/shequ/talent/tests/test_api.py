"""The talent API: the same rules as the pages, refusals as {"code","message","field"}."""

import json

import pytest
from django.utils import timezone

from shequ.testing import factories

pytestmark = pytest.mark.django_db
BASE = "/api/v1/talent"


def call(client, user, method, path, body=None):
    kw = factories.bearer(user)
    if body is not None:
        kw |= {"data": json.dumps(body, default=str), "content_type": "application/json"}
    return getattr(client, method)(BASE + path, **kw)


def test_recruiter_posts_and_staff_match_and_refer(client, recruiter, staff, unit, located,
                                                   alice_profile):
    deadline = (timezone.localdate().replace(day=1) + timezone.timedelta(days=60)).isoformat()
    body = {"unit": unit.pk, "title": "电工", "post_kind": "technical", "skills": ["電工"],
            "education": 3, "pay_min": 4000, "pay_max": 6000, "deadline": deadline,
            "lat": "31.21", "lng": "107.5"}
    bad = call(client, recruiter, "post", "/demands", body | {"pay_min": 9000})
    assert bad.status_code == 400 and bad.json()["code"] == "pay_band"
    made = call(client, recruiter, "post", "/demands", body)
    assert made.status_code == 201, made.content
    demand = made.json()
    assert demand["skills"] == ["电工"]
    # the recruiter cannot read the reserve
    assert call(client, recruiter, "get", f"/demands/{demand['id']}/candidates").status_code == 404
    best = call(client, staff, "get", f"/demands/{demand['id']}/candidates").json()
    assert best[0]["id"] == alice_profile.pk
    assert set(best[0]["parts"]) == {"skills", "education", "distance", "wishes"}
    ref = call(client, staff, "post", f"/demands/{demand['id']}/referrals",
               {"profile": alice_profile.pk})
    assert ref.status_code == 201
    step = call(client, recruiter, "post", f"/referrals/{ref.json()['id']}/step",
                {"state": "hired"})
    assert step.status_code == 409 and step.json()["code"] == "invalid_transition"
    closed = call(client, recruiter, "post", f"/demands/{demand['id']}/close")
    assert closed.json()["open"] is False
    again = call(client, staff, "post", f"/demands/{demand['id']}/referrals",
                 {"profile": alice_profile.pk})
    assert again.status_code == 409 and again.json()["code"] == "demand_closed"


def test_resident_keeps_own_profile(client, alice):
    assert call(client, alice.user, "get", "/me").status_code == 404
    body = {"skills": ["驾驶"], "education": 2}
    refused = call(client, alice.user, "put", "/me", body)
    assert refused.status_code == 409 and refused.json() == {
        "code": "no_consent", "message": refused.json()["message"], "field": "consent"}
    saved = call(client, alice.user, "put", "/me", body | {"consent": True})
    assert saved.status_code == 200 and saved.json()["consented"] is True
    assert "*" in saved.json()["phone"]
    pid = saved.json()["id"]
    assert call(client, alice.user, "get", f"/profiles/{pid}/posts").status_code == 200
    call(client, alice.user, "post", f"/profiles/{pid}/withdraw", {"reason": ""})
    gone = call(client, alice.user, "get", f"/profiles/{pid}/posts")
    assert gone.status_code == 409 and gone.json()["code"] == "no_consent"


def test_alliance_over_the_api(client, staff, tree, alice, unit):
    m = call(client, staff, "post", "/alliance/members",
             {"community": tree.community.pk, "resident": alice.pk, "business": "网店"})
    assert m.status_code == 201
    dup = call(client, staff, "post", "/alliance/members",
               {"community": tree.community.pk, "resident": alice.pk})
    assert dup.status_code == 409 and dup.json()["code"] == "duplicate"
    s = call(client, staff, "post", "/sessions", {"community": tree.community.pk,
                                                  "kind": "salon", "title": "头脑风暴",
                                                  "held_on": "2026-12-01"}).json()
    call(client, staff, "put", f"/sessions/{s['id']}/attendance", {"present": [m.json()["id"]]})
    f = call(client, staff, "post", f"/sessions/{s['id']}/follow-ups",
             {"text": "联系银行贷款", "owner": staff.pk, "due": "2026-12-15"})
    assert f.status_code == 201 and f.json()["present"] == [m.json()["id"]]
    fid = f.json()["follow_ups"][0]["id"]
    assert call(client, staff, "post", f"/follow-ups/{fid}/done").status_code == 200
    twice = call(client, staff, "post", f"/follow-ups/{fid}/done")
    assert twice.status_code == 409 and twice.json()["code"] == "already_done"
    outsider = factories.user("community_staff", factories.Tree().community)
    assert call(client, outsider, "get", f"/sessions/{s['id']}").status_code == 404
