"""The second factor: TOTP (an authenticator app) with single-use recovery codes, through
django-otp's ``otp_totp`` and ``otp_static`` devices.

Required, when ``settings.OTP_REQUIRED``, of every account holding a staff or
administrator role (``roles.OTP_ROLES``): the web session is held on the enrolment or
verification page until the code is given (``middleware.AccountGateMiddleware``), and an
API token is issued only with a current code (``services.api_token_create``)."""

from __future__ import annotations

import io
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shequ.accounts.services.codes import AccountErrorCode
from shequ.core import audit
from shequ.core.errors import DomainError, Forbidden, NotFound

from . import selectors
from .models import User
from .roles import OTP_ROLES, Action

RECOVERY_CODES = 10
# Recovery codes: letters and digits that cannot be misread when copied by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def required_for(user) -> bool:
    """Whether ``user`` must give a second factor to sign in or get an API token."""
    return bool(getattr(settings, "OTP_REQUIRED", False)) and bool(user.roles & OTP_ROLES)


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_device(user) -> TOTPDevice:
    """The not yet confirmed authenticator of this enrolment (one per account, kept until
    confirmed so reloading the page shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> bytes:
    """The provisioning URI as an SVG QR code (no script, no inline style)."""
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, border=2,
                                                   xmldecl=False, svgclass=None,
                                                   lineclass=None)
    return out.getvalue()


def secret_of(device: TOTPDevice) -> str:
    """The key in base32, for typing into an app that cannot scan."""
    from base64 import b32encode

    return b32encode(device.bin_key).decode().rstrip("=")


def verify_enrolled_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def enrolment_confirm(*, user, code: str) -> list[str]:
    """Confirm the authenticator with its first code; any earlier authenticator and
    recovery codes of the account are replaced. Returns the new recovery codes, to show
    once (only their use is stored)."""
    device = enrolment_device(user)
    if not device.verify_token((code or "").strip().replace(" ", "")):
        raise DomainError(_("The code is not correct. Check the time on your phone and "
                            "enter the code shown now."), code=AccountErrorCode.OTP_INVALID, field="code")
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    audit.record(actor=user, action="otp_enrol", entity="user", entity_id=user.pk,
                 summary=user.username, after={"recovery_codes": len(codes)})
    return codes


def verify(*, user, code: str):
    """The confirmed device (authenticator or recovery codes) that accepts ``code``, or
    None. A recovery code is used up; each device throttles repeated failures."""
    code = (code or "").strip().replace(" ", "")
    if not code:
        return None
    # Digits go to the authenticator, anything else to the recovery codes, so a recovery
    # code does not count as a failure against the app's throttle (and vice versa).
    kind = TOTPDevice if code.isdigit() else StaticDevice
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if isinstance(device, kind) and device.verify_is_allowed()[0] and device.verify_token(
                code):
            return device
    return None


@transaction.atomic
def second_factor_reset(*, actor, username: str, reason: str = "") -> None:
    """A security administrator removes an account's authenticator and recovery codes
    (a lost phone, after checking who is asking); the owner enrols again at the next
    sign-in. Limited to accounts inside the actor's security scope; never the system
    administrator's work (who could otherwise pair their own phone with an account)."""
    if not getattr(actor, "is_authenticated", False) or not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()
    user = User.objects.filter(username=username).first()
    if user is None or user.pk == actor.pk or not selectors.may_unlock(actor, username):
        raise NotFound(field="username")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if not removed:
        raise NotFound(_("This account has no two-step sign-in to reset."), field="username")
    audit.record(actor=actor, action="otp_reset", entity="user", entity_id=user.pk,
                 summary=user.username, before={"enrolled": True}, after={"enrolled": False},
                 reason=reason)
