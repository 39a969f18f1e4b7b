"""The ledger API: intake, scoped lists, steps with the 409s, warnings, weekly summary."""

import pytest

from shequ.ledgers.models import Case

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ledgers"


@pytest.fixture
def api(api_as):
    return lambda user: api_as(user, BASE)


def test_intake_list_and_detail(api, place, grid_worker, other_grid_worker):
    c = api(grid_worker)
    r = c.post("/cases", {"category": "sanitation", "description": "垃圾满溢",
                          "building": place.building1.pk, "reporter_phone": "13800001234"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "received" and body["reporter_phone_masked"] == "138****1234"
    assert body["events"][0]["kind"] == "create"
    assert "13800001234" not in r.content.decode()
    items = c.get("/cases").json()["items"]
    assert [x["id"] for x in items] == [body["id"]]
    assert api(other_grid_worker).get("/cases").json()["items"] == []
    assert api(other_grid_worker).get(f"/cases/{body['id']}").status_code == 404


def test_intake_errors_name_the_field(api, place, grid_worker):
    c = api(grid_worker)
    r = c.post("/cases", {"category": "nope", "description": "x",
                          "building": place.building1.pk})
    assert (r.status_code, r.json()["field"]) == (400, "category")
    r = c.post("/cases", {"category": "sanitation", "description": "x",
                          "building": place.building2.pk})
    assert (r.status_code, r.json()["field"]) == (400, "building")
    assert not Case.objects.exists()


def test_steps_and_their_409s(api, make_case, staff, grid_worker):
    case = make_case(staff)
    s = api(staff)
    r = s.post(f"/cases/{case.pk}/assign", {"assignee": grid_worker.pk, "version": 1})
    assert r.status_code == 200 and r.json()["state"] == "assigned"
    # a stale version
    r = s.post(f"/cases/{case.pk}/reject", {"note": "x", "version": 1})
    assert (r.status_code, r.json()["code"]) == (409, "conflict")
    # a step not allowed from the state
    r = s.post(f"/cases/{case.pk}/resolve", {"note": "x"})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")
    # an assignee who is not a grid worker of the grid
    r = s.post(f"/cases/{case.pk}/assign", {"assignee": staff.pk})
    assert (r.status_code, r.json()["code"]) == (400, "not_grid_worker")


def test_list_filters_and_cursor(api, make_case, staff):
    for _ in range(5):
        make_case(staff, evaluate_warnings=False)
    s = api(staff)
    first = s.get("/cases", limit=3).json()
    second = s.get("/cases", limit=3, cursor=first["next_cursor"]).json()
    assert len(first["items"]) == 3 and len(second["items"]) == 2
    assert second["next_cursor"] is None
    assert s.get("/cases", state="closed").json()["items"] == []
    assert s.get("/cases", cursor="garbage").status_code == 400


def test_warnings_and_weekly(api, make_case, place, staff):
    import datetime as dt

    from shequ.ledgers import alerting

    make_case(staff, received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=30))
    alerting.run_all(kinds=["deadline"])
    s = api(staff)
    (w,) = s.get("/warnings").json()
    assert w["level"] == "red" and len(w["case_ids"]) == 1
    r = s.post(f"/warnings/{w['id']}/close", {"note": "已处理"})
    assert r.json()["state"] == "closed"
    weekly = s.get("/weekly", community=place.community.pk).json()
    assert weekly["warnings_closed"] == 1
