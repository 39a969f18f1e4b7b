"""Account administration rules: scope, 三权分立, own account, passwords, status — each
refusal leaves nothing written, each change leaves an audit row with before/after."""

import functools
import re

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import translation

from shequ.accounts import services
from shequ.accounts.models import ApiToken, Grant, LoginFailure, User
from shequ.accounts.roles import Role
from shequ.core import notify
from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.testing import factories

pytestmark = pytest.mark.django_db
PASSWORD = factories.PASSWORD


def _audits(action, user=None):
    qs = AuditEvent.objects.filter(action=action, entity="user")
    return qs.filter(entity_id=str(user.pk)) if user is not None else qs


def _login(username, password):
    return authenticate(RequestFactory().post("/login/"), username=username, password=password)


# -- create --------------------------------------------------------------------------------
def test_sysadmin_creates_an_account_with_its_first_grant(tree, street_sysadmin):
    # when
    notify.outbox.clear()
    user = services.user_create(
        actor=street_sysadmin, username="wangwei", display_name="王伟",
        home_area=tree.community, grants=[(Role.GRID_WORKER, tree.grid1)],
        site="http://testserver")
    # then: the account exists; its data role waits for the security administrator
    assert user.home_area == tree.community
    assert list(Grant.all_objects.filter(user=user).values_list("role", flat=True)) == [
        Role.GRID_WORKER]
    assert not user.grants.exists() and user.scope_for("view_people").is_empty
    created = _audits("create", user).get()
    assert created.actor == street_sysadmin
    assert created.after["username"] == "wangwei" and "password" not in created.after
    # and only its owner can choose the password, through the link sent to them
    assert not user.has_usable_password()
    [message] = notify.outbox
    assert message.username == "wangwei" and "/accounts/reset/" in message.body
    assert created.after["link_sent_to"] == "console:wangwei"
    assert _audits("grant_request", user).get().after == {
        "role": "grid_worker", "area": tree.grid1.path, "pending": True}


def test_a_refused_first_grant_leaves_no_account(tree, street_sysadmin):
    # when: a grid worker over a community is not allowed
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=street_sysadmin, username="half",
                             home_area=tree.community,
                             grants=[(Role.GRID_WORKER, tree.community)])
    # then
    assert exc.value.field == "area"
    assert not User.objects.filter(username="half").exists()
    assert not AuditEvent.objects.filter(summary__contains="half").exists()


def test_home_area_must_be_inside_the_admins_scope(tree, other, street_sysadmin):
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=street_sysadmin, username="far",
                             home_area=other.community)
    assert (exc.value.code, exc.value.field) == ("out_of_scope", "home_area")
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=street_sysadmin, username="nowhere")
    assert (exc.value.code, exc.value.field) == ("required", "home_area")
    assert not User.objects.filter(username__in=["far", "nowhere"]).exists()


def test_weak_password_names_every_broken_rule_in_chinese(tree, sysadmin):
    # when
    with translation.override("zh-hans"), pytest.raises(DomainError) as exc:
        services.user_create(actor=SYSTEM, username="weak", password="abc123")
    # then: too short and too few kinds of character, both said at once
    assert exc.value.field == "password"
    assert "12" in exc.value.message and "密码" in exc.value.message
    assert "三类" in exc.value.message
    assert "password" not in exc.value.message.lower()  # Django 5.2's new msgid too
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.parametrize("username,code", [("", "required"), ("has space", "invalid"),
                                           ("SYS_DISTRICT", "duplicate")])
def test_bad_usernames_are_refused(tree, sysadmin, username, code):
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=sysadmin, username=username,
                             home_area=tree.district)
    assert (exc.value.field, exc.value.code) == ("username", code)


def test_only_sysadmin_creates_accounts(tree, staff, secadmin):
    for actor in (staff, secadmin):
        with pytest.raises(Forbidden):
            services.user_create(actor=actor, username="x",
                                 home_area=tree.community)
    assert not User.objects.filter(username="x").exists()


# -- grants ----------------------------------------------------------------------------------
def test_grant_outside_the_admins_scope_is_refused(tree, other, street_sysadmin):
    # given
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    # when
    with pytest.raises(DomainError) as exc:
        services.grant_add(actor=street_sysadmin, user=user, role=Role.GRID_WORKER,
                           area=other.grid)
    # then
    assert (exc.value.code, exc.value.field) == ("out_of_scope", "area")
    assert user.grants.count() == 1
    assert not _audits("grant").filter(actor=street_sysadmin).exists()


def test_grant_to_an_account_outside_the_admins_care_is_not_found(tree, other,
                                                                  street_sysadmin):
    outsider = factories.user(Role.GRID_WORKER, other.grid)
    with pytest.raises(NotFound):
        services.grant_add(actor=street_sysadmin, user=outsider, role=Role.GRID_WORKER,
                           area=tree.grid1)
    assert outsider.grants.count() == 1


def test_admin_roles_cannot_be_combined_through_the_admin(tree, sysadmin):
    # given: a street system administrator
    street_sys = factories.user(Role.SYSADMIN, tree.street)
    # when
    for role in (Role.SECADMIN, Role.AUDITOR):
        with pytest.raises(DomainError) as exc:
            services.grant_add(actor=sysadmin, user=street_sys, role=role, area=tree.street)
        assert (exc.value.code, exc.value.field) == ("separation_of_duties", "role")
    # then
    assert list(street_sys.grants.values_list("role", flat=True)) == [Role.SYSADMIN]


def test_security_and_audit_roles_stay_out_of_a_sysadmins_hands(tree, sysadmin):
    """A sysadmin who could grant the audit role, or reset an auditor's password, could
    act as the auditor: those accounts are the command line's."""
    # given
    plain = factories.user(Role.GRID_WORKER, tree.grid1)
    auditor = factories.user(Role.AUDITOR, tree.district)
    # when / then
    with pytest.raises(DomainError) as exc:
        services.grant_add(actor=sysadmin, user=plain, role=Role.AUDITOR, area=tree.district)
    assert exc.value.code == "separation_of_duties"
    reset = functools.partial(services.user_password_reset, site="http://testserver")
    for change in (reset, services.user_deactivate):
        with pytest.raises(Forbidden) as exc:
            change(actor=sysadmin, user=auditor)
        assert exc.value.code == "separation_of_duties"
    with pytest.raises(Forbidden):
        services.grant_remove(actor=sysadmin, grant=auditor.grants.get())
    auditor.refresh_from_db()
    assert auditor.is_active and auditor.check_password(PASSWORD)
    assert not plain.grants.filter(role=Role.AUDITOR).exists()


def test_nobody_changes_their_own_grants(tree, sysadmin):
    with pytest.raises(Forbidden) as exc:
        services.grant_add(actor=sysadmin, user=sysadmin, role=Role.DISTRICT_ADMIN,
                           area=tree.district)
    assert exc.value.code == "own_account"
    with pytest.raises(Forbidden):
        services.grant_remove(actor=sysadmin, grant=sysadmin.grants.get())
    assert sysadmin.grants.count() == 1


def test_a_role_already_held_is_not_granted_twice(tree, sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    with pytest.raises(DomainError) as exc:
        services.grant_add(actor=sysadmin, user=user, role=Role.GRID_WORKER, area=tree.grid1)
    assert exc.value.code == "duplicate"


def test_removing_a_grant_is_audited_with_what_it_was(tree, sysadmin):
    # given
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    grant = user.grants.get()
    # when
    services.grant_remove(actor=sysadmin, grant=grant)
    # then
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert _audits("revoke", user).get().before == {"role": "grid_worker",
                                                    "area": tree.grid1.path, "pending": False}


# -- update, status ---------------------------------------------------------------------------
def test_update_records_only_what_changed(tree, sysadmin):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    services.user_update(actor=sysadmin, user=user, display_name="李娜", email="",
                         home_area=tree.community)
    event = _audits("update", user).get()
    assert event.before == {"display_name": "", "home_area": None}
    assert event.after == {"display_name": "李娜", "home_area": tree.community.path}


def test_deactivation_stops_sign_in_and_tokens_and_is_reversible(tree, sysadmin):
    # given
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    _token, raw = services.api_token_create(actor=user, user=user, name="phone")
    # when
    services.user_deactivate(actor=sysadmin, user=user, reason="调离")
    # then
    assert _login(user.username, PASSWORD) is None
    assert services.api_token_authenticate(raw) is None
    event = _audits("deactivate", user).get()
    assert (event.before, event.after["is_active"], event.reason) == (
        {"is_active": True}, False, "调离")
    with pytest.raises(Conflict):
        services.user_deactivate(actor=sysadmin, user=user)
    # and back, without the old token
    services.user_reactivate(actor=sysadmin, user=user)
    assert _login(user.username, PASSWORD) == user
    assert services.api_token_authenticate(raw) is None
    assert User.objects.filter(pk=user.pk).exists()  # never deleted


def test_password_reset_sends_a_one_time_link_to_the_user_not_the_admin(tree, sysadmin):
    """The administrator learns only the masked address; the user gets a link that sets
    a password once. The old password and the API tokens stop working at once."""
    # given
    notify.outbox.clear()
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    user.email = "wangwei@example.com"
    user.save()
    services.api_token_create(actor=user, user=user, name="phone")
    # when
    sent_to = services.user_password_reset(actor=sysadmin, user=user, site="http://testserver")
    # then
    assert sent_to == "w***@example.com"
    [message] = notify.outbox
    assert message.address == "wangwei@example.com"
    link = re.search(r"http://testserver(/accounts/reset/(\S+)/(\S+)/)", message.body)
    assert _login(user.username, PASSWORD) is None
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    event = _audits("password_reset", user).get()
    assert link.group(3) not in str(event.after) and event.after["sent_to"] == sent_to
    # the link sets a password, once
    services.password_reset_complete(uidb64=link.group(2), token=link.group(3),
                                     new_password="Another-Pass-2026!")
    assert _login(user.username, "Another-Pass-2026!") == user
    with pytest.raises(NotFound):
        services.password_reset_complete(uidb64=link.group(2), token=link.group(3),
                                         new_password="Third-Pass-2026!x")


def test_password_reset_needs_an_address_to_send_to(tree, sysadmin, settings):
    settings.NOTIFY_BACKEND = "shequ.core.notify.EmailBackend"
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    with pytest.raises(DomainError) as exc:
        services.user_password_reset(actor=sysadmin, user=user, site="http://testserver")
    assert exc.value.code == "no_contact"
    assert _login(user.username, PASSWORD) == user  # nothing changed


# -- own password -------------------------------------------------------------------------------
def test_own_password_change_needs_the_current_password(tree):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    with pytest.raises(DomainError) as exc:
        services.user_password_change(user=user, old_password="wrong",
                                      new_password="Another-Pass-2026!")
    assert (exc.value.field, exc.value.code) == ("old_password", "wrong_password")
    assert LoginFailure.objects.filter(username=user.username).count() == 1
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_own_password_change_applies_the_rules_and_clears_the_flag(tree, sysadmin):
    # given: a password an administrator chose on the command line
    temporary = "Temporary-Pass-2026"
    user = services.user_create(actor=SYSTEM, username="wangwei", password=temporary,
                                must_change_password=True)
    # when / then
    with pytest.raises(DomainError) as exc:
        services.user_password_change(user=user, old_password=temporary, new_password="short")
    assert exc.value.field == "new_password"
    with pytest.raises(DomainError) as exc:
        services.user_password_change(user=user, old_password=temporary,
                                      new_password=temporary)
    assert exc.value.code == "same_password"
    services.user_password_change(user=user, old_password=temporary,
                                  new_password="Another-Pass-2026!")
    user.refresh_from_db()
    assert not user.must_change_password
    assert _login(user.username, "Another-Pass-2026!") == user
    event = _audits("password_change", user).get()
    assert event.actor == user and event.after["must_change_password"] is False


def test_guessing_the_current_password_runs_into_the_lockout(tree):
    user = factories.user(Role.GRID_WORKER, tree.grid1)
    for _ in range(5):
        with pytest.raises(DomainError):
            services.user_password_change(user=user, old_password="guess",
                                          new_password="Another-Pass-2026!")
    with pytest.raises(DomainError) as exc:
        services.user_password_change(user=user, old_password=PASSWORD,
                                      new_password="Another-Pass-2026!")
    assert exc.value.code == "locked_out"


# -- lockouts, tokens -------------------------------------------------------------------------
def _lock(username):
    for _ in range(5):
        _login(username, "wrong")
    assert services.is_locked_out(username)


def test_security_admin_lifts_lockouts_only_in_their_scope(tree, other):
    # given
    here = factories.user(Role.GRID_WORKER, tree.grid1)
    there = factories.user(Role.GRID_WORKER, other.grid)
    street_sec = factories.user(Role.SECADMIN, tree.street)
    _lock(here.username)
    _lock(there.username)
    _lock("nobody")
    # when / then
    services.lockout_clear(actor=street_sec, username=here.username)
    assert not services.is_locked_out(here.username)
    for name in (there.username, "nobody"):
        with pytest.raises(NotFound):
            services.lockout_clear(actor=street_sec, username=name)
        assert services.is_locked_out(name)
    event = AuditEvent.objects.get(action="unlock", entity_id=here.username)
    assert (event.before, event.after) == ({"failures": 5}, {"failures": 0})


def test_a_user_revokes_only_their_own_tokens(tree, grid_worker, other_grid_worker):
    token, raw = services.api_token_create(actor=grid_worker, user=grid_worker, name="phone")
    with pytest.raises(Forbidden):
        services.api_token_revoke(actor=other_grid_worker, token=token)
    assert services.api_token_authenticate(raw) == grid_worker
    services.api_token_revoke(actor=grid_worker, token=token)
    assert services.api_token_authenticate(raw) is None


def test_an_administrator_never_chooses_a_password(tree, sysadmin):
    """A password the sysadmin chose would let them use the account once its data role
    is approved."""
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=sysadmin, username="chosen", password=PASSWORD,
                             home_area=tree.district)
    assert (exc.value.code, exc.value.field) == ("separation_of_duties", "password")
    assert not User.objects.filter(username="chosen").exists()


def test_an_account_its_owner_cannot_be_reached_at_is_not_made(tree, sysadmin, settings):
    settings.NOTIFY_BACKEND = "shequ.core.notify.EmailBackend"
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=sysadmin, username="unreachable", home_area=tree.district)
    assert (exc.value.code, exc.value.field) == ("no_contact", "email")
    assert not User.objects.filter(username="unreachable").exists()
