"""Signing in to the API: tokens, the session with CSRF, lockout, /me."""

import pytest
from django.test import Client

from shequ.accounts.models import ApiToken
from shequ.registry.models import Resident
from shequ.testing import factories

from .conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db
CSRF = "a" * 32  # a CSRF secret as Django stores it in the cookie


def _token(client, username, password=factories.PASSWORD, name="phone"):
    return client.post("/api/v1/auth/token",
                       {"username": username, "password": password, "name": name})


def test_token_from_password_opens_the_api(grid_worker, tree, anon_api):
    """A user exchanges username and password for a token and then reads their own data."""
    # given
    response = _token(anon_api, grid_worker.username)
    assert response.status_code == 201
    raw = response.json()["token"]
    # when
    me = anon_api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    # then
    assert raw.startswith("shq_")
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == grid_worker.username
    assert body["roles"] == ["grid_worker"]
    assert body["grants"] == [{"role": "grid_worker", "area": {
        "id": tree.grid1.pk, "kind": "grid", "name": tree.grid1.name, "path": tree.grid1.path}}]
    assert "view_people" in body["actions"] and "export_people" not in body["actions"]


def test_token_is_stored_only_as_a_hash(grid_worker, anon_api):
    raw = _token(anon_api, grid_worker.username).json()["token"]
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert raw not in {t.key_hash for t in ApiToken.objects.all()}
    listed = ApiClient(grid_worker).get("/api/v1/auth/tokens").json()
    assert all("token" not in t for t in listed)


def test_wrong_password_is_401_invalid_credentials(grid_worker, anon_api):
    response = _token(anon_api, grid_worker.username, password="not-the-password")
    assert_error(response, 401, "invalid_credentials")
    assert not ApiToken.objects.exists()


def test_five_failures_lock_the_name_even_for_the_right_password(grid_worker, anon_api):
    """After five failed attempts in fifteen minutes the token endpoint refuses the name."""
    # given
    for _ in range(4):
        assert_error(_token(anon_api, grid_worker.username, password="wrong"), 401,
                     "invalid_credentials")
    assert_error(_token(anon_api, grid_worker.username, password="wrong"), 429, "locked_out")
    # when
    response = _token(anon_api, grid_worker.username)
    # then
    assert_error(response, 429, "locked_out", "username")
    assert not ApiToken.objects.exists()


def test_no_credentials_is_401(anon_api):
    response = anon_api.get("/api/v1/residents")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer shq_not-a-real-token", "Bearer nonsense"])
def test_an_invalid_token_is_401(anon_api, header):
    assert_error(anon_api.get("/api/v1/me", HTTP_AUTHORIZATION=header), 401, "invalid_token")


def test_revoked_token_stops_working(grid_worker, anon_api):
    # given
    issued = _token(anon_api, grid_worker.username).json()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issued['token']}"}
    # when
    response = anon_api.delete(f"/api/v1/auth/token/{issued['id']}", **auth)
    # then
    assert response.status_code == 204
    assert_error(anon_api.get("/api/v1/me", **auth), 401, "invalid_token")


def test_cannot_revoke_another_users_token(grid_worker, other_grid_worker, anon_api):
    theirs = _token(anon_api, other_grid_worker.username).json()
    response = ApiClient(grid_worker).delete(f"/api/v1/auth/token/{theirs['id']}")
    assert_error(response, 404, "not_found")
    assert ApiToken.objects.get(pk=theirs["id"]).revoked_at is None


def test_session_reads_without_csrf(grid_worker, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(grid_worker)
    response = client.get("/api/v1/stats/counts")
    assert response.status_code == 200
    assert response.json()["grids"] == 1


def _new_resident(tree):
    return {"household_id": tree.household1.pk, "name": "王五",
            "id_number": factories.make_id_number(), "phone": "13912345678"}


def test_session_writes_need_the_csrf_token(grid_worker, tree):
    """A POST riding on the session cookie without the CSRF token is refused and writes
    nothing; with the token it goes through."""
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(grid_worker)
    client.cookies["csrftoken"] = CSRF
    body = _new_resident(tree)
    # when
    refused = client.post("/api/v1/residents", body, content_type="application/json")
    # then
    assert_error(refused, 403, "csrf_failed")
    assert not Resident.objects.filter(name="王五").exists()
    # when
    accepted = client.post("/api/v1/residents", body, content_type="application/json",
                           HTTP_X_CSRFTOKEN=CSRF)
    # then
    assert accepted.status_code == 201, accepted.content
    assert Resident.objects.filter(name="王五").count() == 1


def test_token_writes_need_no_csrf(grid_worker, tree):
    client = ApiClient(grid_worker)
    client.client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/residents", _new_resident(tree))
    assert response.status_code == 201, response.content
