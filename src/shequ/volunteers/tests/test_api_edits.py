"""Staff edits over the JSON API: the same services and refusals as the pages — a role that
may see but not change gets 403, another community's records are 404, bad input is a 400
naming the field, a state conflict is a 409 — and a refused edit changes nothing."""

import datetime as dt
import json

import pytest

from shequ.core.models import AuditEvent
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsRate, ServiceProject, Skill

API = "/api/v1/volunteers"


def send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        client.handler.enforce_csrf_checks = False
        return client
    return as_user


@pytest.fixture
def team(staff, place):
    return services.organisation_create(actor=staff, community=place.community,
                                        name="金竹苑志愿服务队")


@pytest.fixture
def project(staff, place, team):
    return services.project_create(actor=staff, community=place.community, name="助老",
                                   organisation=team)


@pytest.fixture
def rice(staff, place):
    return services.reward_create(actor=staff, community=place.community, name="大米5斤",
                                  kind="item", cost=50, stock=2)


@pytest.fixture
def outsider():
    return factories.user("community_staff", factories.Tree().community)


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)


# -- volunteers --------------------------------------------------------------------------------
def test_staff_update_a_volunteer(api, staff, volunteer, skill):
    r = send(api(staff), "patch", f"{API}/volunteers/{volunteer.pk}",
             {"skills": {skill.pk: 3}, "availability": [[2, 1]], "note": "周三下午"})
    assert r.status_code == 200, r.content
    assert r.json()["skills"] == {"elderly_care": 3} and r.json()["availability"] == [[2, 1]]
    volunteer.refresh_from_db()
    assert volunteer.note == "周三下午" and volunteer.is_active


def test_volunteer_update_refusals_leave_it_unchanged(api, staff, supervisor, outsider,
                                                     volunteer):
    url = f"{API}/volunteers/{volunteer.pk}"
    assert send(api(supervisor), "patch", url, {"note": "x"}).status_code == 403
    assert send(api(outsider), "patch", url, {"note": "x"}).status_code == 404
    # an unknown skill is refused on the field, and the note sent with it is not kept
    r = send(api(staff), "patch", url, {"note": "x", "skills": {"999999": 1}})
    assert (r.status_code, r.json()["field"]) == (400, "skills")
    r = send(api(staff), "patch", url, {"note": "x" * 201})
    assert (r.status_code, r.json()["field"]) == (400, "note")
    volunteer.refresh_from_db()
    assert volunteer.note == "" and volunteer.skill_rows.count() == 1


# -- organisations -----------------------------------------------------------------------------
def test_update_and_dissolve_a_team(api, staff, team, project):
    s = api(staff)
    r = send(s, "patch", f"{API}/organisations/{team.pk}", {"name": "银龄互助队"})
    assert (r.status_code, r.json()["name"], r.json()["kind"]) == (
        200, "银龄互助队", "volunteer_team")
    r = send(s, "post", f"{API}/organisations/{team.pk}/dissolve", {"reason": "无人参加"})
    assert (r.status_code, r.json()["status"]) == (200, "dissolved")
    assert not ServiceProject.objects.get(pk=project.pk).is_active
    # dissolving twice is a conflict
    r = send(s, "post", f"{API}/organisations/{team.pk}/dissolve", {"reason": "again"})
    assert r.status_code == 409


def test_team_edit_refusals(api, staff, supervisor, outsider, team, place):
    url = f"{API}/organisations/{team.pk}"
    assert send(api(supervisor), "patch", url, {"name": "改名"}).status_code == 403
    assert send(api(outsider), "patch", url, {"name": "改名"}).status_code == 404
    assert send(api(outsider), "post", f"{url}/dissolve", {"reason": "x"}).status_code == 404
    r = send(api(staff), "patch", url, {"name": ""})
    assert (r.status_code, r.json()["field"]) == (400, "name")
    r = send(api(staff), "patch", url, {"kind": "club"})
    assert (r.status_code, r.json()["field"]) == (400, "kind")
    r = send(api(staff), "post", f"{url}/dissolve", {})
    assert (r.status_code, r.json()["field"]) == (400, "reason")
    services.organisation_create(actor=staff, community=place.community, name="另一队")
    r = send(api(staff), "patch", url, {"name": "另一队"})
    assert (r.status_code, r.json()["field"]) == (409, "name")
    team.refresh_from_db()
    assert (team.name, team.status) == ("金竹苑志愿服务队", "incubating")


def test_register_a_team_needs_a_leader(api, staff, team):
    r = send(api(staff), "post", f"{API}/organisations/{team.pk}/register",
             {"registered_on": dt.date.today().isoformat()})
    assert (r.status_code, r.json()["field"]) == (400, "leader")


# -- projects ----------------------------------------------------------------------------------
def test_update_a_project_and_clear_its_team(api, staff, project, skill):
    r = send(api(staff), "patch", f"{API}/projects/{project.pk}",
             {"organisation": None, "skill": skill.pk, "is_active": False})
    assert r.status_code == 200, r.content
    assert r.json() | {"id": 0} == {"id": 0, "name": "助老", "community": project.community_id,
                                    "organisation": None, "skill": skill.pk,
                                    "is_active": False}


def test_project_edit_refusals(api, staff, supervisor, outsider, project):
    url = f"{API}/projects/{project.pk}"
    assert send(api(supervisor), "patch", url, {"name": "x"}).status_code == 403
    assert send(api(outsider), "patch", url, {"name": "x"}).status_code == 404
    r = send(api(staff), "patch", url, {"name": "x", "organisation": 999999})
    assert (r.status_code, r.json()["field"]) == (400, "organisation")
    r = send(api(staff), "patch", url, {"name": "x", "skill": 999999})
    assert (r.status_code, r.json()["field"]) == (400, "skill")
    project.refresh_from_db()
    assert project.name == "助老" and project.organisation_id is not None


# -- configuration: skills and rates -----------------------------------------------------------
def test_district_admin_renames_and_withdraws_a_skill(api, tree, skill):
    admin = factories.user("district_admin", tree.district)
    r = send(api(admin), "patch", f"{API}/skills/{skill.pk}", {"is_active": False})
    assert (r.status_code, r.json()["name"]) == (200, skill.name)
    assert not Skill.objects.get(pk=skill.pk).is_active
    r = send(api(admin), "patch", f"{API}/points/rates/service_hour", {"points": 12})
    assert (r.status_code, r.json()["points"]) == (200, 12)
    r = send(api(admin), "patch", f"{API}/points/rates/service_hour", {"points": 0})
    assert (r.status_code, r.json()["field"]) == (400, "points")
    assert send(api(admin), "patch", f"{API}/points/rates/nope", {"points": 3}
                ).status_code == 404
    assert PointsRate.objects.get(code="service_hour").points == 12


def test_community_staff_cannot_change_the_district_lists(api, staff, skill):
    s = api(staff)
    assert send(s, "patch", f"{API}/skills/{skill.pk}", {"name": "x"}).status_code == 403
    before = PointsRate.objects.get(code="service_hour").points
    r = send(s, "patch", f"{API}/points/rates/service_hour", {"points": before + 1})
    assert r.status_code == 403
    assert any(row["code"] == "service_hour" for row in s.get(f"{API}/points/rates").json())
    assert Skill.objects.get(pk=skill.pk).name != "x"
    assert PointsRate.objects.get(code="service_hour").points == before


# -- rewards -----------------------------------------------------------------------------------
def test_update_and_restock_a_reward(api, staff, rice):
    s = api(staff)
    r = send(s, "patch", f"{API}/points/rewards/{rice.pk}", {"cost": 40, "merchant": "超市"})
    assert r.status_code == 200, r.content
    assert (r.json()["cost"], r.json()["merchant"], r.json()["name"]) == (40, "超市", "大米5斤")
    r = send(s, "post", f"{API}/points/rewards/{rice.pk}/restock", {"quantity": 5})
    assert (r.status_code, r.json()["stock"]) == (200, 7)
    assert AuditEvent.objects.filter(entity="reward", action="restock").count() == 1


def test_reward_edit_refusals(api, staff, supervisor, outsider, rice):
    url = f"{API}/points/rewards/{rice.pk}"
    assert send(api(supervisor), "patch", url, {"cost": 1}).status_code == 403
    assert send(api(supervisor), "post", f"{url}/restock", {"quantity": 9}).status_code == 403
    assert send(api(outsider), "post", f"{url}/restock", {"quantity": 9}).status_code == 404
    r = send(api(staff), "patch", url, {"cost": 0})
    assert (r.status_code, r.json()["field"]) == (400, "cost")
    r = send(api(staff), "post", f"{url}/restock", {"quantity": 0})
    assert (r.status_code, r.json()["field"]) == (400, "quantity")
    r = send(api(staff), "post", f"{url}/restock", {"quantity": -3})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (
        409, "out_of_stock", "quantity")
    rice.refresh_from_db()
    assert (rice.cost, rice.stock) == (50, 2)
