"""Accounts: password strength, separation of duties, lockout, tokens."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from shequ.accounts import services
from shequ.accounts.models import LoginFailure
from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, Forbidden
from shequ.core.models import AuditEvent
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("weak", ["short1A!", "alllowercaseletters", "123456789012", "password12345"])
def test_weak_passwords_are_refused_with_field(weak):
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=SYSTEM, username="wang", password=weak)
    assert exc.value.field == "password"


def test_three_admin_roles_cannot_be_combined(tree):
    user = factories.user(Role.SYSADMIN, tree.district)
    with pytest.raises(DomainError) as exc:
        services.grant_add(actor=SYSTEM, user=user, role=Role.AUDITOR, area=tree.district)
    assert exc.value.code == "separation_of_duties"


def test_grid_worker_must_be_granted_a_grid(tree):
    user = factories.user()
    with pytest.raises(DomainError):
        services.grant_add(actor=SYSTEM, user=user, role=Role.GRID_WORKER, area=tree.community)


def test_only_sysadmin_manages_accounts(tree):
    staff = factories.user(Role.COMMUNITY_STAFF, tree.community)
    with pytest.raises(Forbidden):
        services.user_create(actor=staff, username="x1")
    sysadmin = factories.user(Role.SYSADMIN, tree.district)
    user = services.user_create(actor=sysadmin, username="x2", home_area=tree.community)
    services.grant_add(actor=sysadmin, user=user, role=Role.GRID_WORKER, area=tree.grid1)
    assert AuditEvent.objects.filter(action="grant_request", entity_id=str(user.pk)).exists()


def _login(username, password):
    return authenticate(RequestFactory().post("/login/"), username=username, password=password)


def test_five_failures_in_fifteen_minutes_lock_the_account(tree):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    for _ in range(5):
        assert _login(user.username, "wrong") is None
    assert services.is_locked_out(user.username)
    # even the right password is refused while locked
    assert _login(user.username, factories.PASSWORD) is None


def test_lockout_expires_after_the_window(tree):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    for _ in range(5):
        _login(user.username, "wrong")
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    assert _login(user.username, factories.PASSWORD) == user


def test_four_failures_do_not_lock(tree):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    for _ in range(4):
        _login(user.username, "wrong")
    assert _login(user.username, factories.PASSWORD) == user


def test_security_admin_can_lift_a_lockout_and_others_cannot(tree):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    for _ in range(5):
        _login(user.username, "wrong")
    with pytest.raises(Forbidden):
        services.lockout_clear(actor=factories.user(Role.SYSADMIN, tree.district), username=user.username)
    services.lockout_clear(actor=factories.user(Role.SECADMIN, tree.district), username=user.username)
    assert _login(user.username, factories.PASSWORD) == user


def test_api_token_is_stored_hashed_and_revocable(tree):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    token, raw = services.api_token_create(actor=user, user=user, name="phone")
    assert raw not in token.key_hash
    assert services.api_token_authenticate(raw) == user
    services.api_token_revoke(actor=user, token=token)
    assert services.api_token_authenticate(raw) is None
    assert services.api_token_authenticate("shq_forged") is None
