"""The supervision API with cases as the subject: comments and flags, the answer, the
weekly summary's sections and the monthly scores; refusals in the JSON error shape."""

import pytest

from shequ.testing import factories

pytestmark = pytest.mark.django_db
BASE = "/api/v1/supervision"


@pytest.fixture
def api(api_as):
    return lambda user: api_as(user, BASE)


def test_a_flag_on_a_case_is_answered_by_the_community(api, make_case, place, supervisor,
                                                       staff):
    case = make_case(staff)
    sv = api(supervisor)
    r = sv.post("/comments", {"kind": "case", "object_id": case.pk, "text": "超期", "flag": True,
                              "step": "resolve"})
    assert r.status_code == 201, r.content
    flag = r.json()
    assert (flag["kind"], flag["object_id"], flag["is_flag"]) == ("case", case.pk, True)
    weekly = api(staff).get("/weekly", community=place.community.pk).json()
    assert [f["id"] for f in weekly["open_flags"]] == [flag["id"]]
    assert any(f["section"] == "案件" for f in weekly["figures"])
    r = api(staff).post(f"/comments/{flag['id']}/answer", {"answer": "已处理"})
    assert r.status_code == 200 and r.json()["answer"] == "已处理"
    again = api(staff).post(f"/comments/{flag['id']}/answer", {"answer": "x"})
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    listed = api(staff).get("/comments", kind="case", object_id=case.pk).json()["items"]
    assert [c["id"] for c in listed] == [flag["id"]]


def test_refusals_keep_the_error_shape(api, make_case, place, supervisor, staff):
    case = make_case(staff)
    sv = api(supervisor)
    r = sv.post("/comments", {"kind": "nothing", "object_id": 1, "text": "x"})
    assert r.status_code == 400 and r.json()["code"] == "unknown_subject"
    r = sv.post("/comments", {"text": "x"})
    assert r.status_code == 400 and r.json()["field"] == "community"
    r = api(staff).post("/comments", {"kind": "case", "object_id": case.pk, "text": "x"})
    assert r.status_code == 403
    other = factories.user("supervisor", factories.Tree().community)
    r = api(other).post("/comments", {"kind": "case", "object_id": case.pk, "text": "x"})
    assert r.status_code == 404 and set(r.json()) >= {"code", "message", "field"}
    r = api(other).get("/weekly", community=place.community.pk)
    assert r.status_code == 404


def test_scores_compute_and_adjust(api, place, supervisor, grid_worker, staff):
    sv = api(supervisor)
    r = sv.post("/scores", {"kind": "case", "community": place.community.pk,
                            "month": "2026-10-01"})
    assert r.status_code == 200, r.content
    (score,) = r.json()
    assert score["person"] == str(grid_worker) and "on_time_rate" in score["measures"]
    r = sv.post(f"/scores/{score['id']}/adjust", {"adjustment": 12, "note": "x"})
    assert r.status_code == 400 and r.json()["field"] == "adjustment"
    r = sv.post(f"/scores/{score['id']}/adjust", {"adjustment": 2, "note": "主动走访"})
    assert r.json()["final_score"] == score["computed_score"] + 2
    r = api(staff).post(f"/scores/{score['id']}/adjust", {"adjustment": 1, "note": "x"})
    assert r.status_code == 403
    listed = api(staff).get("/scores", kind="case", community=place.community.pk,
                            month="2026-10-01").json()
    assert [s["id"] for s in listed] == [score["id"]]
