"""The API shows each user only their own territory, exactly like the web pages: a grid
worker's lists, searches, details, households and counts stop at their grid."""

import datetime as dt

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.core.validators import uscc_check_char
from shequ.organizations.models import Unit
from shequ.organizations.services import party_org_create
from shequ.registry.models import Resident
from shequ.registry.services import party_member_create
from shequ.testing import factories

from .conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    """Two residents named alike in each grid."""
    return {
        "mine": [factories.resident(tree.household1, "张伟"),
                 factories.resident(tree.household1, "张丽", relation="spouse")],
        "theirs": [factories.resident(tree.household2, "张伟"),
                   factories.resident(tree.household2, "张强", relation="spouse")],
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_list_and_search_stop_at_the_grid(grid_worker, people):
    api = ApiClient(grid_worker)
    mine = {r.pk for r in people["mine"]}
    assert _ids(api.get("/api/v1/residents")) == mine
    assert _ids(api.get("/api/v1/residents", {"q": "张"})) == mine
    assert _ids(api.get("/api/v1/residents", {"q": "zhangwei"})) == {people["mine"][0].pk}
    assert _ids(api.get("/api/v1/residents", {"q": "zw"})) == {people["mine"][0].pk}
    theirs_tail = people["theirs"][1].phone_tail4
    assert _ids(api.get("/api/v1/residents", {"q": theirs_tail})) <= mine


def test_staff_of_the_community_see_both_grids(staff, people):
    everyone = {r.pk for group in people.values() for r in group}
    assert _ids(ApiClient(staff).get("/api/v1/residents", {"q": "張"})) == everyone


def test_another_grids_resident_is_404_like_a_missing_one(grid_worker, people):
    api = ApiClient(grid_worker)
    theirs = people["theirs"][0]
    assert api.get(f"/api/v1/residents/{people['mine'][0].pk}").status_code == 200
    assert_error(api.get(f"/api/v1/residents/{theirs.pk}"), 404, "not_found")
    assert_error(api.patch(f"/api/v1/residents/{theirs.pk}", {"note": "x"}), 404, "not_found")
    assert_error(api.post(f"/api/v1/residents/{theirs.pk}/reveal",
                          {"field": "phone", "reason": "visit"}), 404, "not_found")


def test_another_grids_household_is_404(grid_worker, tree, people):
    api = ApiClient(grid_worker)
    own = api.get(f"/api/v1/households/{tree.household1.pk}")
    assert own.status_code == 200
    assert {m["id"] for m in own.json()["members"]} == {r.pk for r in people["mine"]}
    assert all("*" in m["id_number_masked"] for m in own.json()["members"])
    assert_error(api.get(f"/api/v1/households/{tree.household2.pk}"), 404, "not_found")


def test_cannot_register_into_another_grids_household(grid_worker, tree):
    body = {"household_id": tree.household2.pk, "name": "钱八",
            "id_number": factories.make_id_number()}
    response = ApiClient(grid_worker).post("/api/v1/residents", body)
    assert_error(response, 404, "not_found", "household_id")
    assert not Resident.objects.filter(name="钱八").exists()


def test_counts_are_the_grids_own(grid_worker, staff, people):
    mine = ApiClient(grid_worker).get("/api/v1/stats/counts").json()
    everything = ApiClient(staff).get("/api/v1/stats/counts").json()
    assert mine == {"residents": 2, "households": 1, "party_members": 0, "grids": 1}
    assert everything == {"residents": 4, "households": 2, "party_members": 0, "grids": 2}


def test_areas_and_buildings_stop_at_the_grid(grid_worker, tree):
    api = ApiClient(grid_worker)
    areas = api.get("/api/v1/areas").json()["items"]
    assert [a["id"] for a in areas] == [tree.grid1.pk]
    assert_error(api.get(f"/api/v1/areas/{tree.grid2.pk}"), 404, "not_found")
    assert_error(api.get("/api/v1/buildings", {"grid": tree.grid2.pk}), 404, field="grid")
    assert_error(api.get("/api/v1/residents", {"area": tree.grid2.pk}), 404, field="area")
    buildings = api.get("/api/v1/buildings").json()["items"]
    assert {b["grid_id"] for b in buildings} == {tree.grid1.pk}


def test_area_detail_lists_children_in_scope(staff, tree):
    body = ApiClient(staff).get(f"/api/v1/areas/{tree.community.pk}").json()
    assert body["child_count"] == 2
    assert [c["id"] for c in body["children"]] == [tree.grid1.pk, tree.grid2.pk]
    assert [a["kind"] for a in body["ancestors"]] == ["district", "street"]


def test_reveal_is_audited_with_the_reason(grid_worker, people):
    # given
    resident = people["mine"][0]
    api = ApiClient(grid_worker)
    # when
    response = api.post(f"/api/v1/residents/{resident.pk}/reveal",
                        {"field": "id_number", "reason": "核对低保材料"})
    # then
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    value = response.json()["value"]
    assert len(value) == 18 and value[-4:] == resident.id_tail4 and "*" not in value
    event = AuditEvent.objects.get(action="reveal", entity_id=str(resident.pk))
    assert event.actor == grid_worker and event.reason == "核对低保材料"
    assert value not in str(event.__dict__)


def test_supervisors_read_but_may_not_reveal(tree, people):
    # given
    supervisor = factories.user("supervisor", tree.community)
    api = ApiClient(supervisor)
    resident = people["mine"][0]
    assert api.get(f"/api/v1/residents/{resident.pk}").json()["can"] == {
        "edit": False, "reveal": False}
    # when
    response = api.post(f"/api/v1/residents/{resident.pk}/reveal",
                        {"field": "phone", "reason": "curious"})
    # then
    assert_error(response, 403, "forbidden")
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_supervisors_may_not_register_residents_or_units(tree):
    api = ApiClient(factories.user("supervisor", tree.community))
    body = {"household_id": tree.household1.pk, "name": "周九",
            "id_number": factories.make_id_number()}
    assert_error(api.post("/api/v1/residents", body), 403, "forbidden")
    first17 = "91510000MA6123456"
    unit = {"name": "翠屏超市", "credit_code": first17 + uscc_check_char(first17),
            "kind": "enterprise", "area_id": tree.community.pk}
    assert_error(api.post("/api/v1/units", unit), 403, "forbidden")
    assert not Resident.objects.filter(name="周九").exists() and not Unit.objects.exists()


def test_staff_register_a_unit_with_a_valid_credit_code(staff, tree):
    first17 = "91510000MA6123456"
    unit = {"name": "翠屏超市", "credit_code": first17 + uscc_check_char(first17),
            "kind": "enterprise", "area_id": tree.community.pk}
    response = ApiClient(staff).post("/api/v1/units", unit)
    assert response.status_code == 201, response.content
    assert response.json()["area"]["id"] == tree.community.pk
    listed = ApiClient(staff).get("/api/v1/units").json()["items"]
    assert [u["credit_code"] for u in listed] == [unit["credit_code"]]


def test_party_members_stop_at_the_grid(grid_worker, staff, tree, people):
    # given
    district = party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                area=tree.district)
    street = party_org_create(actor=SYSTEM, kind="street_working_committee", name="街道党工委",
                              area=tree.street, parent=district)
    committee = party_org_create(actor=SYSTEM, kind="community_committee", name="社区党委",
                                 area=tree.community, parent=street)
    mine, theirs = people["mine"][0], people["theirs"][0]
    for r in (mine, theirs):
        party_member_create(actor=SYSTEM, resident=r, org=committee, joined_on=dt.date(2010, 7, 1))
    # when
    seen_by_worker = ApiClient(grid_worker).get("/api/v1/party-members").json()["items"]
    seen_by_staff = ApiClient(staff).get("/api/v1/party-members",
                                         {"org": committee.pk, "q": "zw"}).json()["items"]
    # then
    assert [m["resident"]["id"] for m in seen_by_worker] == [mine.pk]
    assert {m["resident"]["id"] for m in seen_by_staff} == {mine.pk, theirs.pk}
    assert_error(ApiClient(grid_worker).get("/api/v1/party-members", {"org": committee.pk}),
                 404, field="org")
