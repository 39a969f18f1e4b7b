"""The JSON API: the same rules as the pages, errors as {"code", "message", "field"}."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.volunteers import services
from shequ.volunteers.models import ServiceRecord

API = "/api/v1/volunteers"


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        client.handler.enforce_csrf_checks = False
        return client
    return as_user


def test_volunteer_flow_over_the_api(api, alice, staff, need, skill):
    c = api(alice.user)
    r = post(c, f"{API}/volunteers", {"skills": {skill.pk: 3}, "availability": [[0, 0], [6, 2]]})
    assert r.status_code == 201, r.content
    assert r.json()["skills"] == {"elderly_care": 3}
    assert post(c, f"{API}/needs/{need.pk}/sign-up").status_code == 200
    r = post(c, f"{API}/check-in/{need.checkin_token}")
    assert r.status_code == 201
    record_id = r.json()["id"]
    ServiceRecord.objects.filter(pk=record_id).update(
        check_in_at=timezone.now() - dt.timedelta(hours=1))
    assert post(c, f"{API}/records/{record_id}/check-out").json()["minutes"] == 60
    # the volunteer cannot verify their own hours
    assert post(c, f"{API}/records/{record_id}/verify").status_code == 404
    s = api(staff)
    r = post(s, f"{API}/records/{record_id}/verify", {"minutes": 120})
    assert (r.status_code, r.json()["points"]) == (200, 20)
    c = api(alice.user)
    me = c.get(f"{API}/points/me").json()
    assert me["balance"] == 20 and me["entries"][0]["source"] == f"service_record:{record_id}"


def test_redeem_refusal_is_a_409_with_a_code(api, alice, place, earn):
    earn(alice, 1)
    reward = services.reward_create(actor=SYSTEM, community=place.community, name="油",
                                    kind="item", cost=50, stock=1)
    r = post(api(alice.user), f"{API}/points/rewards/{reward.pk}/redeem")
    assert r.status_code == 409
    assert r.json()["code"] == "insufficient_points" and r.json()["field"] == "reward"


def test_transfer_to_a_stranger_is_refused(api, alice, carol, earn):
    earn(alice, 1)
    r = post(api(alice.user), f"{API}/points/transfer", {"to": carol.pk, "amount": 5})
    assert (r.status_code, r.json()["code"]) == (400, "not_family")


def test_candidates_and_solve_for_staff(api, staff, need, volunteer):
    s = api(staff)
    found = s.get(f"{API}/needs/{need.pk}/candidates").json()
    assert [c["volunteer_id"] for c in found] == [volunteer.pk]
    week = timezone.localtime(need.starts_at).date()
    r = post(s, f"{API}/needs/solve", {"week_start": week.isoformat()}).json()
    assert r["filled"] == 1 and r["stored"] == 1


def test_statement_pages_with_a_cursor(api, alice, earn):
    for _ in range(5):
        earn(alice, 1)
    c = api(alice.user)
    first = c.get(f"{API}/points/me?limit=3").json()
    second = c.get(f"{API}/points/me?limit=3&cursor={first['next_cursor']}").json()
    ids = [e["id"] for e in first["entries"] + second["entries"]]
    assert len(ids) == len(set(ids)) == 5 and second["next_cursor"] is None


def test_statement_reads_few_queries(api, alice, earn, django_assert_max_num_queries):
    for _ in range(30):
        earn(alice, 1)
    c = api(alice.user)
    with django_assert_max_num_queries(12):
        assert len(c.get(f"{API}/points/me?limit=50").json()["entries"]) == 30


def test_leaderboard_outside_scope_is_404(api, alice, place):
    r = api(alice.user).get(f"{API}/points/leaderboard?community={place.community.pk}")
    assert r.status_code == 404


def test_team_incubation_over_the_api(api, staff, place, volunteer, alice):
    s = api(staff)
    r = post(s, f"{API}/organisations", {"community": place.community.pk, "name": "银发服务队"})
    assert r.status_code == 201 and r.json()["status"] == "incubating"
    org = r.json()["id"]
    assert post(s, f"{API}/organisations/{org}/register",
                {"registered_on": "2026-01-01"}).status_code == 400  # no leader yet
    r = post(s, f"{API}/organisations/{org}/members",
             {"members": [volunteer.pk], "leader": volunteer.pk})
    assert r.json()["member_count"] == 1 and r.json()["leader"] == volunteer.pk
    r = post(s, f"{API}/organisations/{org}/register", {"registered_on": "2026-01-01"})
    assert r.json()["status"] == "registered"
    r = post(s, f"{API}/projects", {"community": place.community.pk, "name": "独居老人助餐",
                                    "organisation": org})
    assert r.status_code == 201
    assert api(alice.user).get(f"{API}/organisations").json() == []


def test_volunteer_list_reads_a_fixed_number_of_queries(api, staff, place, skill,
                                                        django_assert_max_num_queries):
    from .conftest import person
    for i in range(12):
        r = person(place.household2, f"志愿者{i}")
        services.volunteer_register(actor=staff, resident=r, skills={skill.pk: 1})
    s = api(staff)
    with django_assert_max_num_queries(8):
        assert len(s.get(f"{API}/volunteers").json()) == 12


def test_only_the_district_configures_skills(api, staff, place):
    from shequ.testing import factories
    r = post(api(staff), f"{API}/skills", {"code": "sign_language", "name": "手语"})
    assert r.status_code == 403
    admin = factories.user("district_admin", place.district)
    r = post(api(admin), f"{API}/skills", {"code": "sign_language", "name": "手语"})
    assert r.status_code == 201
    assert "sign_language" in [s["code"] for s in api(staff).get(f"{API}/skills").json()]
