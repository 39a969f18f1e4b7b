"""The patrols API: statuses and error codes on every door."""

from __future__ import annotations

import pytest

from shequ.testing.jsonapi import send, signed_in

from .conftest import make_current, shift_of, this_month

pytestmark = pytest.mark.django_db
API = "/api/v1/patrols"


def test_routes_and_checkpoints(client, staff, tree, building):
    c = signed_in(client, staff)
    r = send(c, "post", f"{API}/routes", {"grid": tree.grid1.pk, "name": "夜巡一线"})
    assert r.status_code == 201, r.content
    route = r.json()["id"]
    r = send(c, "post", f"{API}/routes/{route}/checkpoints", {"building": building.pk})
    assert r.status_code == 201 and "/patrols/c/" in r.json()["check_in_url"]
    other = tree.household2.entrance.building
    r = send(c, "post", f"{API}/routes/{route}/checkpoints", {"building": other.pk})
    assert r.status_code == 404 and r.json()["field"] == "building"
    r = send(c, "post", f"{API}/routes", {"grid": tree.grid1.pk, "name": "夜巡一线"})
    assert r.status_code == 409 and r.json()["code"] == "duplicate"
    r = c.get(f"{API}/routes")
    assert r.status_code == 200 and [x["name"] for x in r.json()["items"]] == ["夜巡一线"]


def test_a_grid_worker_reads_routes_but_may_not_create_them(client, grid_worker, tree, route):
    c = signed_in(client, grid_worker)
    assert c.get(f"{API}/routes/{route.pk}").status_code == 200
    r = send(c, "post", f"{API}/routes", {"grid": tree.grid1.pk, "name": "二线"})
    assert r.status_code == 403


def test_plan_generate_and_publish(client, staff, tree, route, coverage, member):
    c = signed_in(client, staff)
    r = send(c, "post", f"{API}/plans", {"area": tree.grid2.pk, "month": f"{this_month():%Y-%m}"})
    assert r.status_code == 409 and r.json()["code"] == "grid_without_routes"
    r = send(c, "post", f"{API}/plans", {"area": tree.grid1.pk,
                                         "month": f"{this_month():%Y-%m}", "max_shifts": 10})
    assert r.status_code == 201, r.content
    plan = r.json()
    assert plan["covered"] == 10 and plan["slots"] > 10
    assert sum(u["missing"] for u in plan["uncovered"]) == plan["slots"] - 10
    r = send(c, "post", f"{API}/plans/{plan['id']}/publish")
    assert r.status_code == 200 and r.json()["state"] == "published"
    r = send(c, "post", f"{API}/plans/{plan['id']}/publish")
    assert r.status_code == 409 and r.json()["code"] == "plan_published"


def test_check_in_statuses(client, plan, member, guard, route):
    shift = make_current(shift_of(plan, member))
    point = route.checkpoints.first()
    c = signed_in(client, member.user)
    assert [s["id"] for s in c.get(f"{API}/shifts/mine").json()][:1] == [shift.pk]
    r = send(c, "post", f"{API}/check-in/{point.token}")
    assert r.status_code == 201 and r.json()["shift"] == shift.pk
    r = send(c, "post", f"{API}/check-in/{point.token}")
    assert r.status_code == 409 and r.json()["code"] == "already_checked_in"
    assert send(c, "post", f"{API}/check-in/unknown").status_code == 404
    # the guard's shifts are on other days: this checkpoint is not on his shift now
    plan.shifts.filter(member=guard, date=shift.date).delete()
    g = signed_in(client, guard.user)
    r = send(g, "post", f"{API}/check-in/{point.token}")
    assert r.status_code in (403, 409) and r.json()["code"] in (
        "checkpoint_not_on_shift", "outside_shift")


def test_incident_and_case(client, plan, member, building, staff):
    shift = make_current(shift_of(plan, member))
    c = signed_in(client, member.user)
    r = send(c, "post", f"{API}/incidents", {"category": "dispute", "note": "邻里噪音纠纷",
                                             "shift": shift.pk, "building": building.pk})
    assert r.status_code == 201, r.content
    incident = r.json()["id"]
    # a member records but does not file cases
    assert send(c, "post", f"{API}/incidents/{incident}/case").status_code == 404
    s = signed_in(client, staff)
    r = send(s, "post", f"{API}/incidents/{incident}/case")
    assert r.status_code == 201 and r.json()["ledger"] == "stability"
    r = send(s, "post", f"{API}/incidents/{incident}/case")
    assert r.status_code == 409 and r.json()["code"] == "already_filed"
    r = send(s, "post", f"{API}/incidents", {"category": "nope", "note": "x",
                                             "grid": plan.area_id})
    assert r.status_code == 422 or r.status_code == 400


def test_swap_statuses(client, plan, member, guard, staff):
    from django.utils import timezone
    future = plan.shifts.filter(member=member, starts_at__gt=timezone.now()).first()
    if future is None:
        pytest.skip("the month's last evening has passed")
    plan.shifts.filter(member=guard, date=future.date).delete()
    c = signed_in(client, member.user)
    r = send(c, "post", f"{API}/shifts/{future.pk}/swap", {"to_member": guard.pk,
                                                           "reason": "出差"})
    assert r.status_code in (201, 409), r.content
    if r.status_code == 409:
        assert r.json()["code"] == "over_max_shifts"
        return
    swap = r.json()["id"]
    assert send(c, "post", f"{API}/swaps/{swap}/approve").status_code == 404
    r = send(signed_in(client, staff), "post", f"{API}/swaps/{swap}/approve")
    assert r.status_code == 200 and r.json()["state"] == "approved"
