"""Setting up the territory over the JSON API: the pages' rules with the one error shape
({"code", "message", "field"}, 4xx) and nothing written on a refusal."""

import pytest

from shequ.territory.models import Area, Building
from shequ.testing import factories
from shequ.testing.jsonapi import send, signed_in

pytestmark = pytest.mark.django_db
API = "/api/v1"
SQUARE = {"type": "Polygon", "coordinates": [[[107.5, 31.2], [107.51, 31.2], [107.51, 31.21],
                                              [107.5, 31.21], [107.5, 31.2]]]}


@pytest.fixture
def api(client):
    return lambda user: signed_in(client, user)


def error(response, status, code=None, field=None):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"code", "message", "field"} and body["message"]
    if code:
        assert body["code"] == code, body
    if field:
        assert body["field"] == field, body
    return body


def test_a_street_admin_builds_a_community_its_grid_and_housing(api, tree):
    c = api(factories.user("street_admin", tree.street))
    # when
    r = send(c, "post", f"{API}/areas", {"kind": "community", "name": "北门社区",
                                         "code": f"{tree.street.code}002",
                                         "parent_id": tree.street.pk})
    assert r.status_code == 201, r.content
    community = r.json()
    grid = send(c, "post", f"{API}/areas", {"kind": "grid", "name": "第一网格",
                                            "parent_id": community["id"]}).json()
    compound = send(c, "post", f"{API}/compounds", {"community_id": community["id"],
                                                    "name": "北门小区"}).json()
    r = send(c, "post", f"{API}/buildings", {"grid_id": grid["id"], "compound_id": compound["id"],
                                             "name": "1栋", "lat": "31.2", "lng": "107.5"})
    assert r.status_code == 201, r.content
    building = r.json()
    r = send(c, "post", f"{API}/buildings/{building['id']}/entrances", {"name": "1单元"})
    assert r.status_code == 201
    r = send(c, "put", f"{API}/areas/{grid['id']}/boundary", SQUARE)
    # then
    assert r.status_code == 200, r.content
    assert r.json()["boundary"]["type"] == "Polygon"
    assert grid["code"] == community["code"] + "001"
    r = send(c, "patch", f"{API}/areas/{community['id']}", {"name": "北门新社区"})
    assert r.json()["name"] == "北门新社区"


def test_refusals_name_the_field_and_write_nothing(api, tree):
    c = api(factories.user("street_admin", tree.street))
    before = Area.objects.count()
    error(send(c, "post", f"{API}/areas", {"kind": "community", "name": "x", "code": "123",
                                           "parent_id": tree.street.pk}), 400,
          "area_code_length", "code")
    error(send(c, "put", f"{API}/areas/{tree.grid1.pk}/boundary",
               {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}),
          400, field="boundary")
    error(send(c, "post", f"{API}/areas/{tree.community.pk}/retire", {}), 409)
    error(send(c, "post", f"{API}/buildings", {"grid_id": tree.grid1.pk, "name": "9栋",
                                               "lat": "31"}), 400, field="lng")
    assert Area.objects.count() == before and not Building.objects.filter(name="9栋").exists()


def test_scope_refusals(api, tree):
    other = factories.Tree()
    c = api(factories.user("street_admin", tree.street))
    # another district's grid: not found, naming the field
    error(send(c, "post", f"{API}/areas", {"kind": "grid", "name": "x",
                                           "parent_id": other.community.pk}), 404,
          "not_found", "parent_id")
    # community staff see the tree but may not shape it
    staff = api(factories.user("community_staff", tree.community))
    error(send(staff, "post", f"{API}/areas", {"kind": "grid", "name": "x",
                                               "parent_id": tree.community.pk}), 403,
          "forbidden")
    error(send(staff, "post", f"{API}/buildings/{tree.household1.entrance.building_id}/move",
               {"grid_id": tree.grid2.pk}), 403)


def test_retiring_an_empty_grid(api, tree):
    c = api(factories.user("street_admin", tree.street))
    grid = send(c, "post", f"{API}/areas", {"kind": "grid", "name": "空网格",
                                            "parent_id": tree.community.pk}).json()
    r = send(c, "post", f"{API}/areas/{grid['id']}/retire", {"reason": "并入第一网格"})
    assert r.status_code == 204
    assert not Area.objects.filter(pk=grid["id"]).exists()
