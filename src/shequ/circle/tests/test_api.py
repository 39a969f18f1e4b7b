"""The circle's API: statuses and error codes on every door."""

from __future__ import annotations

import pytest

from shequ.testing.jsonapi import send, signed_in

pytestmark = pytest.mark.django_db
API = "/api/v1/circle"


def test_points_create_list_patch_delete(client, staff, tree):
    c = signed_in(client, staff)
    r = send(c, "post", f"{API}/points", {"category": "clinic", "name": "卫生站",
                                          "area": tree.community.pk})
    assert r.status_code == 201 and r.json()["located"] is False
    pid = r.json()["id"]
    r = send(c, "patch", f"{API}/points/{pid}", {"lat": "31.2", "lng": "107.5"})
    assert r.status_code == 200 and r.json()["located"] is True
    assert [p["name"] for p in c.get(f"{API}/points").json()["items"]] == ["卫生站"]
    assert c.delete(f"{API}/points/{pid}").status_code == 204
    assert c.get(f"{API}/points/{pid}").status_code == 404


@pytest.mark.parametrize(("body", "status", "code", "field"), [
    ({"category": "zoo", "name": "x"}, 400, "point_category_unknown", "category"),
    ({"category": "bank", "name": "x", "lat": "31.2"}, 400, "coordinates_incomplete", "lng"),
    ({"category": "bank", "name": "x", "lat": "99", "lng": "107"}, 400,
     "coordinates_out_of_range", "lat"),
])
def test_bad_points_are_refused_with_a_code(client, staff, tree, body, status, code, field):
    c = signed_in(client, staff)
    r = send(c, "post", f"{API}/points", {**body, "area": tree.community.pk})
    assert r.status_code == status and (r.json()["code"], r.json()["field"]) == (code, field)


def test_a_duplicate_is_a_409(client, staff, tree, clinic):
    c = signed_in(client, staff)
    r = send(c, "post", f"{API}/points", {"category": "clinic", "name": clinic.name,
                                          "area": tree.community.pk})
    assert r.status_code == 409 and r.json()["code"] == "duplicate"


def test_compute_coverage_gaps_and_candidates(client, staff, tree, buildings, clinic):
    c = signed_in(client, staff)
    r = c.get(f"{API}/candidates?category=clinic")
    assert r.status_code == 400 and r.json()["code"] == "coverage_not_computed"
    r = send(c, "post", f"{API}/compute", {})
    assert r.status_code == 201 and r.json()["buildings"] == 2
    cov = c.get(f"{API}/coverage").json()
    assert "1.3" in cov["model"] and cov["run"]["radius_m"] == 1125
    gaps = c.get(f"{API}/gaps?category=clinic").json()["items"]
    assert [g["name"] for g in gaps] == ["金竹苑8栋"]
    ranked = c.get(f"{API}/candidates?category=clinic").json()
    assert ranked["items"][0]["name"] == "金竹苑8栋" and ranked["items"][0]["households"] == 1
    geo = c.get(f"{API}/map/buildings?category=clinic").json()
    assert len(geo["features"]) == 2


def test_a_supervisor_may_read_but_not_write(client, tree, clinic):
    from shequ.testing import factories

    c = signed_in(client, factories.user("supervisor", tree.community))
    assert c.get(f"{API}/points").status_code == 200
    r = send(c, "post", f"{API}/compute", {})
    assert r.status_code == 404
    r = send(c, "patch", f"{API}/points/{clinic.pk}", {"name": "改名"})
    assert r.status_code == 403
