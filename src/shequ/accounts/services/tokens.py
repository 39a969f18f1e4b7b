"""API tokens: issued once (with the second factor where required), stored hashed, lapsing
after settings.API_TOKEN_IDLE_SECONDS without use, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from functools import cache

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit, lean
from shequ.core.actors import is_system
from shequ.core.errors import Forbidden, NotFound

from ..models import ApiToken, User
from .checks import _check_manages_user
from .codes import AccountErrorCode
from .signin import login_failure_record, password_expired


def _revoke_all_tokens(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, actor, user: User, name: str,
                     otp: str | None = None) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored. An account whose
    password was set by an administrator gets none until its owner has chosen their own
    (otherwise the temporary password would open the API indefinitely), nor one whose
    administrator password has expired. Where a second factor is required
    (``otp.required_for``), the user's current code (or a recovery code) must come with
    the request."""
    from .. import otp as second_factor

    if not is_system(actor) and actor != user:
        _check_manages_user(actor, user)
    if actor == user and (user.must_change_password or password_expired(user)):
        raise Forbidden(_("Change your temporary password first (on the My account page)."),
                        code=AccountErrorCode.PASSWORD_CHANGE_REQUIRED, field="password")
    if actor == user and second_factor.required_for(user):
        if not otp:
            raise Forbidden(_("Enter the code from your authenticator app."),
                            code=AccountErrorCode.OTP_REQUIRED, field="otp")
        # Verified outside any transaction: the device's throttle and the failure count
        # must stay recorded when the request is refused.
        if second_factor.verify(user=user, code=otp) is None:
            login_failure_record(username=user.username, ip=None, step="otp")
            raise Forbidden(_("The code is not correct."),
                            code=AccountErrorCode.OTP_INVALID, field="otp")
    return _token_issue(actor=actor, user=user, name=name)


@transaction.atomic
def _token_issue(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    raw = "shq_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name or "api", key_hash=_token_hash(raw), prefix=raw[4:12]
    )
    audit.record(actor=actor or user, action="token_create", entity="user", entity_id=user.pk,
                 summary=f"{name} {token.prefix}")
    return token, raw


_TOKEN_FIELDS = ("id", "user", "created_at", "last_used_at")


@cache
def _token_sql() -> str:
    """The token and its user in one read, written once per process (``core.lean``): it
    runs on every API request."""
    t, u = ApiToken._meta, User._meta
    return (f"SELECT {lean.columns(ApiToken, 't', _TOKEN_FIELDS)}, {lean.columns(User, 'u')} "  # noqa: S608 - names from model meta
            f"FROM {lean.qn(t.db_table)} t INNER JOIN {lean.qn(u.db_table)} u "
            f"ON u.{lean.qn(u.pk.column)} = t.{lean.qn(t.get_field('user').column)} "
            f"WHERE t.{lean.qn(t.get_field('key_hash').column)} = %s "
            f"AND t.{lean.qn(t.get_field('revoked_at').column)} IS NULL")


def _token_get(raw: str) -> ApiToken | None:
    """The unrevoked token with this raw value, its ``user`` filled in, or None."""
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(), [_token_hash(raw)])
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(_TOKEN_FIELDS)
    token = lean.instance(ApiToken, row[:n], _TOKEN_FIELDS)
    token.user = lean.instance(User, row[n:])
    return token


def api_token_authenticate(raw: str) -> User | None:
    token = _token_get(raw)
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """Revoke a token: one's own, or one of an account in the actor's care."""
    if actor != token.user:
        _check_manages_user(actor, token.user)
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()):
        raise NotFound(field="token")
    audit.record(actor=actor, action="token_revoke", entity="user", entity_id=token.user_id,
                 summary=token.prefix)
