"""``deactivated_accounts``: an account switched off longer than the period is anonymised,
never deleted (audit rows point at it): a new unique username, no names or e-mail, an
unusable password, no API tokens, password history or two-step devices. An account
deactivated recently, or still active, keeps everything. One audit row per run."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from shequ.accounts import services
from shequ.accounts.models import ApiToken, PasswordHistory, User
from shequ.accounts.roles import Role
from shequ.core.models import AuditEvent
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def _retention(*args):
    out = io.StringIO()
    call_command("retention", *args, "--only", "deactivated_accounts", stdout=out)
    return out.getvalue()


def _account(tree, sysadmin, name, *, days_ago=None):
    user = factories.user(Role.GRID_WORKER, tree.grid1, username=name)
    User.objects.filter(pk=user.pk).update(email=f"{name}@example.cn", display_name="李娜",
                                           first_name="娜", last_name="李")
    services.api_token_create(actor=user, user=user, name="phone")
    PasswordHistory.objects.create(user=user, password=user.password)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    StaticDevice.objects.create(user=user, name="backup")
    if days_ago is not None:
        services.user_deactivate(actor=sysadmin, user=user, reason="调离")
        User.objects.filter(pk=user.pk).update(
            deactivated_at=timezone.now() - dt.timedelta(days=days_ago))
    user.refresh_from_db()
    return user


def _keeps_everything(user, name):
    user.refresh_from_db()
    return (user.username == name and user.email and user.display_name
            and user.has_usable_password() and user.anonymised_at is None
            and ApiToken.objects.filter(user=user).exists()
            and TOTPDevice.objects.filter(user=user).exists()
            and StaticDevice.objects.filter(user=user).exists())


def test_long_deactivated_account_is_anonymised_not_deleted(tree, sysadmin):
    """Dry run counts; the real run anonymises only the account switched off three years
    ago, which keeps its id and its audit rows."""
    # given
    old = _account(tree, sysadmin, "old_worker", days_ago=3 * 365)
    recent = _account(tree, sysadmin, "recent_worker", days_ago=30)
    active = _account(tree, sysadmin, "active_worker")
    # when
    dry = _retention("--dry-run")
    assert _keeps_everything(old, "old_worker")
    _retention()
    # then
    assert "deactivated_accounts: kept 730 days, would anonymise 1" in dry
    old.refresh_from_db()
    assert old.username == f"anonymised-{old.pk}"
    assert (old.email, old.display_name, old.first_name, old.last_name) == ("", "", "", "")
    assert not old.has_usable_password() and old.anonymised_at is not None
    assert not old.is_active
    for model in (ApiToken, PasswordHistory, TOTPDevice, StaticDevice):
        assert not model.objects.filter(user=old).exists()
    assert AuditEvent.objects.filter(action="deactivate", entity_id=str(old.pk)).exists()
    assert _keeps_everything(recent, "recent_worker")
    assert _keeps_everything(active, "active_worker")
    row = AuditEvent.objects.get(action="retention")
    assert row.entity == "deactivated_accounts" and row.after["count"] == 1


def test_a_second_run_finds_nothing(tree, sysadmin):
    """An anonymised account is not anonymised (nor audited) again."""
    # given
    _account(tree, sysadmin, "old_worker", days_ago=3 * 365)
    _retention()
    # when
    out = _retention()
    # then
    assert "did anonymise 0" in out
    assert AuditEvent.objects.filter(action="retention").count() == 1


def test_reactivation_stops_the_clock(tree, sysadmin):
    """Deactivation records when; reactivating clears it, so the account is never counted."""
    # given
    user = _account(tree, sysadmin, "back_worker", days_ago=3 * 365)
    assert user.deactivated_at is not None
    # when
    services.user_reactivate(actor=sysadmin, user=user)
    _retention()
    # then
    user.refresh_from_db()
    assert user.deactivated_at is None and user.username == "back_worker"
