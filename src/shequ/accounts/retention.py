"""The accounts' retention category ``deactivated_accounts`` (see ``core.retention``).

An account is never deleted: audit rows, cases and grants point at it. Once it has been
deactivated for longer than the period it is anonymised in place: the username becomes
``anonymised-<id>`` (still unique), names, e-mail and phone are cleared, the password made
unusable, and its API tokens, password history and two-step devices are removed.
``anonymised_at`` marks it, so a second run finds nothing."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, PasswordHistory, User

USERNAME_PREFIX = "anonymised-"


def deactivated_accounts_apply(*, cutoff, dry_run: bool) -> int:
    """Anonymise the accounts deactivated before ``cutoff`` and not anonymised yet."""
    users = User.objects.filter(is_active=False, deactivated_at__lt=cutoff,
                                anonymised_at__isnull=True)
    if dry_run:
        return users.count()
    ids = list(users.values_list("pk", flat=True))
    if not ids:
        return 0
    for model in (ApiToken, PasswordHistory, TOTPDevice, StaticDevice):
        model.objects.filter(user_id__in=ids).delete()
    return User.objects.filter(pk__in=ids).update(
        username=Concat(Value(USERNAME_PREFIX), Cast("pk", CharField())),
        email="", first_name="", last_name="", display_name="",
        phone_enc=None, phone_hash="", phone_masked="",
        password=make_password(None), must_change_password=False,
        anonymised_at=timezone.now())


def categories() -> list:
    """The accounts' retention categories, for its manifest."""
    from django.utils.translation import gettext_lazy as _

    from shequ.core import retention

    return [retention.Policy(category="deactivated_accounts", label=_("Deactivated accounts"),
                             disposal=retention.Disposal.ANONYMISE,
                             apply=deactivated_accounts_apply)]
