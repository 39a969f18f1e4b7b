"""Accounts over the JSON API: the same scope and rules as the pages, the one error shape,
keyset pages, and nothing half-saved."""

import pytest

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.core import notify
from shequ.core.models import AuditEvent
from shequ.testing import factories

from .conftest import error

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Brand-New-Pass-2026!"


def _new(tree, **overrides) -> dict:
    body = {"username": "chenjing", "display_name": "陈静", "home_area_id": tree.community.pk,
            "grants": [{"role": "supervisor", "area_id": tree.community.pk}]}
    body.update(overrides)
    return body


def test_non_sysadmins_get_403(api_as, tree, staff, secadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    for actor in (staff, secadmin):
        api = api_as(actor)
        error(api.get("/api/v1/users"), 403, "forbidden")
        error(api.get(f"/api/v1/users/{user.pk}"), 403, "forbidden")
        error(api.post("/api/v1/users", _new(tree)), 403, "forbidden")
    assert not User.objects.filter(username="chenjing").exists()


def test_list_is_limited_to_the_admins_care_and_paged(api_as, tree, other, street_sysadmin):
    # given
    for n in range(5):
        factories.user(Role.GRID_WORKER, tree.grid1, username=f"gw{n}")
    factories.user(Role.GRID_WORKER, other.grid, username="far_away")
    api = api_as(street_sysadmin)
    # when
    first = api.get("/api/v1/users", {"limit": 4, "with_count": True}).json()
    second = api.get("/api/v1/users", {"limit": 4, "cursor": first["next_cursor"]}).json()
    # then
    names = [u["username"] for u in first["items"] + second["items"]]
    assert names == ["gw0", "gw1", "gw2", "gw3", "gw4", "sys_street"]
    assert first["count"] == 6 and second["next_cursor"] is None
    assert first["items"][0]["grants"][0]["area"]["id"] == tree.grid1.pk


def test_filters_and_bad_cursor(api_as, tree, other, street_sysadmin):
    factories.user(Role.SUPERVISOR, tree.community, username="sup")
    api = api_as(street_sysadmin)
    body = api.get("/api/v1/users", {"role": "supervisor"}).json()
    assert [u["username"] for u in body["items"]] == ["sup"]
    error(api.get("/api/v1/users", {"area": other.street.pk}), 404, "not_found", "area")
    error(api.get("/api/v1/users", {"cursor": "nonsense"}), 400, "invalid_cursor", "cursor")


def test_out_of_scope_detail_is_404_like_missing(api_as, other, street_sysadmin):
    outsider = factories.user(Role.GRID_WORKER, other.grid)
    api = api_as(street_sysadmin)
    assert error(api.get(f"/api/v1/users/{outsider.pk}"), 404) == error(
        api.get("/api/v1/users/999999"), 404)
    error(api.patch(f"/api/v1/users/{outsider.pk}", {"is_active": False}), 404)
    error(api.post(f"/api/v1/users/{outsider.pk}/password-reset"), 404)
    outsider.refresh_from_db()
    assert outsider.is_active


def test_create_with_grants(api_as, tree, sysadmin):
    # when
    response = api_as(sysadmin).post("/api/v1/users", _new(tree))
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["username"] == "chenjing" and body["sent_to"] == "console:chenjing"
    assert [(g["role"], g["area"]["id"], g["pending"]) for g in body["grants"]] == [
        ("supervisor", tree.community.pk, True)]
    assert AuditEvent.objects.filter(entity="user", entity_id=str(body["id"]),
                                     action__in=["create", "grant_request"]).count() == 2


@pytest.mark.parametrize("overrides,status,code,field", [
    ({"password": "Chosen-By-Admin-2026"}, 400, None, None),  # the owner chooses it
    ({"grants": [{"role": "grid_worker", "area_id": "C"}]}, 400, None, None),
    ({"grants": [{"role": "sysadmin", "area_id": "D"}, {"role": "auditor", "area_id": "D"}]},
     400, "separation_of_duties", "role"),
    ({"grants": [{"role": "grid_worker", "area_id": "OTHER"}]}, 404, "not_found", "grants"),
    ({"home_area_id": "OTHER"}, 404, "not_found", "home_area_id"),
    ({"username": "sys_street"}, 400, "duplicate", "username"),
    ({"surprise": 1}, 400, None, None),
])
def test_refused_creations_save_nothing(api_as, tree, other, street_sysadmin, overrides,
                                        status, code, field):
    # given: placeholders for ids known only here
    ids = {"C": tree.community.pk, "D": tree.street.pk, "OTHER": other.community.pk}

    def resolve(value):
        if isinstance(value, str) and value in ids:
            return ids[value]
        if isinstance(value, list):
            return [{k: resolve(v) for k, v in g.items()} for g in value]
        return value

    body = _new(tree, **{k: resolve(v) for k, v in overrides.items()})
    api = api_as(street_sysadmin)
    before = AuditEvent.objects.count()
    # when
    response = api.post("/api/v1/users", body)
    # then
    error(response, status, code, field)
    assert not User.objects.filter(username="chenjing").exists()
    assert AuditEvent.objects.count() == before


def test_patch_changes_and_deactivates_together_or_not_at_all(api_as, tree, sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    api = api_as(sysadmin)
    # a bad e-mail: nothing changes, not even the name
    error(api.patch(f"/api/v1/users/{user.pk}", {"display_name": "新名字", "email": "x@",
                                                 "is_active": False}), 400, field="email")
    user.refresh_from_db()
    assert user.display_name == "" and user.is_active
    # when
    body = api.patch(f"/api/v1/users/{user.pk}", {"display_name": "新名字", "is_active": False,
                                                  "reason": "离职"}).json()
    # then
    assert body["display_name"] == "新名字" and body["is_active"] is False
    assert AuditEvent.objects.get(action="deactivate", entity_id=str(user.pk)).reason == "离职"
    # reactivating
    assert api.patch(f"/api/v1/users/{user.pk}", {"is_active": True}).json()["is_active"]


def test_own_account_cannot_be_changed_through_the_admin_api(api_as, tree, sysadmin):
    api = api_as(sysadmin)
    assert api.get(f"/api/v1/users/{sysadmin.pk}").json()["manageable"] is False
    error(api.patch(f"/api/v1/users/{sysadmin.pk}", {"is_active": False}), 403, "own_account")
    error(api.post(f"/api/v1/users/{sysadmin.pk}/grants",
                   {"role": "district_admin", "area_id": tree.district.pk}), 403, "own_account")


def test_grants_add_and_remove(api_as, tree, other, street_sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    api = api_as(street_sysadmin)
    # outside scope
    error(api.post(f"/api/v1/users/{user.pk}/grants",
                   {"role": "grid_worker", "area_id": other.grid.pk}), 404, field="area_id")
    # when
    added = api.post(f"/api/v1/users/{user.pk}/grants",
                     {"role": "grid_worker", "area_id": tree.grid2.pk})
    assert added.status_code == 201
    grant_id = added.json()["id"]
    removed = api.delete(f"/api/v1/users/{user.pk}/grants/{grant_id}")
    # then
    assert removed.status_code == 204
    assert list(user.grants.values_list("area", flat=True)) == [tree.grid1.pk]
    error(api.delete(f"/api/v1/users/{user.pk}/grants/{grant_id}"), 404)


def test_admin_role_combination_is_refused(api_as, tree, sysadmin):
    street_sys = factories.user(Role.SYSADMIN, tree.street)
    error(api_as(sysadmin).post(f"/api/v1/users/{street_sys.pk}/grants",
                                {"role": "auditor", "area_id": tree.street.pk}),
          400, "separation_of_duties", "role")


def test_auditor_accounts_are_read_only_over_the_api(api_as, tree, sysadmin):
    auditor = factories.user(Role.AUDITOR, tree.district)
    api = api_as(sysadmin)
    assert api.get(f"/api/v1/users/{auditor.pk}").json()["manageable"] is False
    error(api.post(f"/api/v1/users/{auditor.pk}/password-reset"), 403, "separation_of_duties")
    error(api.patch(f"/api/v1/users/{auditor.pk}", {"is_active": False}), 403,
          "separation_of_duties")


def test_reset_password_answers_where_the_link_went_never_a_password(api_as, tree, sysadmin):
    """The sysadmin's answer holds no password and no link; the user's old password no
    longer gets a token."""
    # given
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    notify.outbox.clear()
    # when
    response = api_as(sysadmin).post(f"/api/v1/users/{user.pk}/password-reset")
    # then
    assert response.status_code == 202
    assert response.json() == {"sent_to": f"console:{user.username}"}
    [message] = notify.outbox
    assert "/accounts/reset/" in message.body and "/accounts/reset/" not in str(response.content)
    error(api_as().post("/api/v1/auth/token", {"username": user.username,
                                                "password": factories.PASSWORD}),
          401, "invalid_credentials")


def test_own_password_over_the_api(api_as, grid_worker):
    api = api_as(grid_worker)
    error(api.post("/api/v1/me/password", {"old_password": "x", "new_password": NEW_PASSWORD}),
          400, "wrong_password", "old_password")
    assert api.post("/api/v1/me/password", {"old_password": factories.PASSWORD,
                                            "new_password": NEW_PASSWORD}).status_code == 204
    grid_worker.refresh_from_db()
    assert grid_worker.check_password(NEW_PASSWORD)
    # the token made under the old password stopped working with it
    error(api.get("/api/v1/me"), 401, "invalid_token")
    fresh = api_as(grid_worker)
    assert fresh.get("/api/v1/me").json()["must_change_password"] is False


def test_lockouts_for_the_security_admin_only(api_as, tree, secadmin, sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    anon = api_as()
    for _ in range(5):
        anon.post("/api/v1/auth/token", {"username": user.username, "password": "wrong"})
    error(api_as(sysadmin).get("/api/v1/lockouts"), 403)
    error(api_as(sysadmin).delete(f"/api/v1/lockouts/{user.username}"), 403)
    api = api_as(secadmin)
    listed = api.get("/api/v1/lockouts").json()
    assert [(x["username"], x["failures"], x["is_account"]) for x in listed] == [
        (user.username, 5, True)]
    assert api.delete(f"/api/v1/lockouts/{user.username}").status_code == 204
    assert api.get("/api/v1/lockouts").json() == []
