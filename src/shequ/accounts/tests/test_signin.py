"""Signing in (issue 9, hardening): every attempt is audited, with the client's address
behind a trusted proxy; an absolute session lifetime; password history; administrators'
passwords expire."""

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.accounts import services
from shequ.accounts.middleware import SESSION_STARTED
from shequ.accounts.models import LoginFailure, User
from shequ.accounts.roles import Role
from shequ.core.errors import DomainError, Forbidden
from shequ.core.models import AuditEvent
from shequ.testing import factories

pytestmark = pytest.mark.django_db
PASSWORD = factories.PASSWORD


# -- audit, proxies -----------------------------------------------------------------------------
def test_sign_ins_are_audited_with_the_client_address(client, grid_worker, settings):
    # given: a trusted reverse proxy in front
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    via_proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"}
    # when
    client.post("/login/", {"username": grid_worker.username, "password": "wrong"}, **via_proxy)
    client.post("/login/", {"username": "110101199003071234", "password": "x"}, **via_proxy)
    client.post("/login/", {"username": grid_worker.username, "password": PASSWORD}, **via_proxy)
    # then
    failed = AuditEvent.objects.filter(action="login_failed").order_by("id")
    assert [(e.entity_id, e.summary, e.ip) for e in failed] == [
        (str(grid_worker.pk), grid_worker.username, "198.51.100.7"),
        ("", "?", "198.51.100.7"),  # a name that is no account is not written down
    ]
    ok = AuditEvent.objects.get(action="login")
    assert (ok.actor, ok.ip) == (grid_worker, "198.51.100.7")
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.7"}


# -- session lifetime -----------------------------------------------------------------------------
def test_a_session_ends_after_eight_hours_however_active(client, grid_worker):
    # given
    client.post("/login/", {"username": grid_worker.username, "password": PASSWORD})
    assert client.get("/residents/").status_code == 200
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - 8 * 3600 - 60
    session.save()
    # when
    response = client.get("/residents/")
    # then
    assert response.status_code == 302 and response["Location"] == reverse("web:login")
    assert client.get("/residents/")["Location"].startswith(reverse("web:login"))


# -- password history ---------------------------------------------------------------------------
def test_the_last_five_passwords_are_refused(grid_worker):
    """The current password and the four before it; the sixth-last is allowed again."""
    # given
    passwords = [PASSWORD] + [f"Rotating-Pass-{n}x!" for n in range(1, 5)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        services.user_password_change(user=grid_worker, old_password=old, new_password=new)
    current = passwords[-1]
    # when / then
    for used in passwords[:-1]:
        with pytest.raises(DomainError) as exc:
            services.user_password_change(user=grid_worker, old_password=current,
                                          new_password=used)
        assert exc.value.code == "password_reused"
    services.user_password_change(user=grid_worker, old_password=current,
                                  new_password="Rotating-Pass-5x!")
    services.user_password_change(user=grid_worker, old_password="Rotating-Pass-5x!",
                                  new_password=PASSWORD)
    assert User.objects.get(pk=grid_worker.pk).check_password(PASSWORD)


# -- administrators' password age ----------------------------------------------------------------
def _age_password(user, days):
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=days))
    user.refresh_from_db()


def test_an_administrators_password_expires_after_90_days(client, sysadmin):
    # given
    _age_password(sysadmin, 91)
    client.post("/login/", {"username": sysadmin.username, "password": PASSWORD})
    # when / then: held on the change page, and no API token
    response = client.get("/accounts/users/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:my-password")
    with pytest.raises(Forbidden):
        services.api_token_create(actor=sysadmin, user=sysadmin, name="x")
    client.post(reverse("accounts:my-password"), {
        "old_password": PASSWORD, "new_password": "Brand-New-Pass-2026!",
        "new_password2": "Brand-New-Pass-2026!"})
    assert client.get("/accounts/users/").status_code == 200


def test_staff_passwords_do_not_expire(client, tree):
    staff = factories.user(Role.COMMUNITY_STAFF, tree.community)
    _age_password(staff, 400)
    client.post("/login/", {"username": staff.username, "password": PASSWORD})
    assert client.get("/residents/").status_code == 200


def test_attempts_while_locked_are_audited_but_do_not_extend_the_lock(client, grid_worker):
    for _ in range(5):
        client.post("/login/", {"username": grid_worker.username, "password": "wrong"})
    client.post("/login/", {"username": grid_worker.username, "password": PASSWORD})
    assert LoginFailure.objects.filter(username=grid_worker.username).count() == 5
    last = AuditEvent.objects.filter(action="login_failed").latest("id")
    assert (last.entity_id, last.after) == (str(grid_worker.pk), {"step": "locked"})
    assert not AuditEvent.objects.filter(action="login").exists()
