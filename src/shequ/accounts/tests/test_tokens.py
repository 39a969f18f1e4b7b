"""API tokens (issue 9, low): they lapse after settings.API_TOKEN_IDLE_SECONDS without
use and die with a password change, a deactivation or a role removal."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.accounts import services
from shequ.accounts.models import ApiToken
from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.testing import factories

from .conftest import error

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Brand-New-Pass-2026!"


def _age(token, **delta):
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - dt.timedelta(**delta),
                                                last_used_at=None)


def test_a_token_lapses_after_thirty_idle_days(api_as, grid_worker):
    # given
    token, raw = services.api_token_create(actor=grid_worker, user=grid_worker, name="phone")
    _age(token, days=29)
    assert services.api_token_authenticate(raw) == grid_worker  # use restarts the clock
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - dt.timedelta(days=30, minutes=1))
    # when
    client = api_as()
    client.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    # then
    error(client.get("/api/v1/me"), 401, "invalid_token")
    assert services.api_token_authenticate(raw) is None


def test_the_idle_limit_is_configurable(grid_worker, settings):
    settings.API_TOKEN_IDLE_SECONDS = 3600
    token, raw = services.api_token_create(actor=grid_worker, user=grid_worker, name="phone")
    _age(token, hours=2)
    assert services.api_token_authenticate(raw) is None


def test_a_password_change_revokes_the_tokens(grid_worker):
    _token, raw = services.api_token_create(actor=grid_worker, user=grid_worker, name="phone")
    services.user_password_change(user=grid_worker, old_password=factories.PASSWORD,
                                  new_password=NEW_PASSWORD)
    assert services.api_token_authenticate(raw) is None


def test_removing_a_role_revokes_the_tokens(tree, sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    services.grant_add(actor=SYSTEM, user=user, role=Role.GRID_WORKER, area=tree.grid2)
    _token, raw = services.api_token_create(actor=user, user=user, name="phone")
    services.grant_remove(actor=sysadmin, grant=user.grants.get(area=tree.grid2))
    assert services.api_token_authenticate(raw) is None


def test_deactivation_revokes_the_tokens_for_good(tree, sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    _token, raw = services.api_token_create(actor=user, user=user, name="phone")
    services.user_deactivate(actor=sysadmin, user=user)
    services.user_reactivate(actor=sysadmin, user=user)
    assert services.api_token_authenticate(raw) is None


def test_token_issue_says_when_it_lapses(api_as, grid_worker):
    body = api_as().post("/api/v1/auth/token", {"username": grid_worker.username,
                                                "password": factories.PASSWORD}).json()
    issued = dt.datetime.fromisoformat(body["created_at"])
    assert dt.datetime.fromisoformat(body["expires_at"]) - issued == dt.timedelta(days=30)


def test_lapsed_tokens_are_not_listed(grid_worker):
    token, _raw = services.api_token_create(actor=grid_worker, user=grid_worker, name="old")
    _age(token, days=31)
    from shequ.accounts import selectors

    assert list(selectors.own_tokens(grid_worker)) == []
