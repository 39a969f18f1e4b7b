"""Account writes: users, grants, passwords, tokens, lockout. Each change is checked
against the actor's scope (``selectors``) and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import (
    Conflict,
    DomainError,
    ErrorCode,
    Forbidden,
    NotFound,
    from_validation_error,
)
from shequ.territory.models import Area

from . import selectors
from .models import ApiToken, Grant, LoginFailure, User
from .roles import EXCLUSIVE_ADMIN_ROLES, OPERATOR_MANAGED_ROLES, Action, Role

DISPLAY_NAME_MAX = 60


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)


def is_locked_out(username: str) -> bool:
    """Five failed logins within fifteen minutes lock the account name (existing or not,
    so the lockout does not reveal which names exist)."""
    recent = LoginFailure.objects.filter(username=username, at__gte=_window_start()).count()
    return recent >= settings.LOGIN_LOCKOUT_FAILURES


def login_failure_record(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip=ip)


class AccountErrorCode(StrEnum):
    OWN_ACCOUNT = "own_account"
    SEPARATION_OF_DUTIES = "separation_of_duties"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - an error code, not a secret
    SAME_PASSWORD = "same_password"  # noqa: S105
    ALREADY_INACTIVE = "already_inactive"
    ALREADY_ACTIVE = "already_active"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"  # noqa: S105


@transaction.atomic
def lockout_clear(*, actor, username: str) -> int:
    """Lift a lockout before the window passes.

    This is the security administrator's work, not the system administrator's (DESIGN §2,
    三权分立): the lockout is a security control against password guessing, and the
    person who resets passwords (sysadmin) must not also be able to switch off the guard
    on the accounts whose passwords they set. The sign-in page tells a locked-out user to
    ask the security administrator. Limited to the accounts inside the actor's security
    scope (see ``selectors.may_unlock``)."""
    if actor is None or not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()
    if not selectors.may_unlock(actor, username):
        raise NotFound(field="username")
    n, _ = LoginFailure.objects.filter(username=username, at__gte=_window_start()).delete()
    audit.record(actor=actor, action="unlock", entity="user", entity_id=username, summary=username,
                 before={"failures": n}, after={"failures": 0})
    return n


def _check_actor_manages_accounts(actor) -> None:
    if actor is not None and not actor.can(Action.MANAGE_ACCOUNTS):
        raise Forbidden()


def _check_manages_user(actor, user: User) -> None:
    """``actor`` (None: the command line) may change ``user``: a system administrator whose
    account scope holds the user, and never on their own account."""
    if actor is None:
        return
    _check_actor_manages_accounts(actor)
    if actor.pk == user.pk:
        raise Forbidden(_("You cannot change your own account here: ask another system "
                          "administrator, or use My account for your password."),
                        code=AccountErrorCode.OWN_ACCOUNT)
    if not selectors.can_manage_user(actor, user):
        raise NotFound(field="user")
    if selectors.is_operator_managed(user):
        raise Forbidden(_("Security and audit administrators are managed by the operator on "
                          "the command line, not by a system administrator."),
                        code=AccountErrorCode.SEPARATION_OF_DUTIES)


def _check_area_in_scope(actor, area: Area, field: str) -> None:
    if actor is not None and not actor.scope_for(Action.MANAGE_ACCOUNTS).covers_path(area.path):
        raise DomainError(_("This area is outside the area you administer."),
                          code=ErrorCode.OUT_OF_SCOPE, field=field)


def _check_password(password: str, user: User, field: str = "password") -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS); every failed
    rule is named in one message so the user fixes them all at once."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        message = " ".join(str(m) for m in exc.messages)
        raise DomainError(message, code=exc.error_list[0].code or ErrorCode.INVALID,
                          field=field) from exc


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Username is required."), code="required", field="username")
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        raise from_validation_error(exc, field="username") from exc
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."), code="duplicate", field="username")
    return username


def _check_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise from_validation_error(exc, field="email") from exc
    return email


def _check_display_name(display_name: str) -> str:
    display_name = (display_name or "").strip()
    if len(display_name) > DISPLAY_NAME_MAX:
        raise DomainError(
            _("At most %(n)d characters.") % {"n": DISPLAY_NAME_MAX},
            code="too_long", field="display_name",
        )
    return display_name


def _account_state(user: User) -> dict:
    return {"username": user.username, "display_name": user.display_name,
            "email": user.email, "home_area": user.home_area.path if user.home_area else None,
            "is_active": user.is_active, "must_change_password": user.must_change_password}


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, display_name: str = "", email: str = "",
    home_area: Area | None = None, must_change_password: bool = False,
    grants: Sequence[tuple[str, Area]] = (),
) -> User:
    """Create an account, with its first grants, in one transaction (a refused grant
    leaves no account behind). ``actor`` None means the command line (createadmin, demo).
    An administrator's new account belongs to a home area inside their scope, so it stays
    in their care before it holds any grant."""
    _check_actor_manages_accounts(actor)
    username = _check_username(username)
    display_name = _check_display_name(display_name)
    email = _check_email(email)
    if actor is not None and home_area is None:
        raise DomainError(_("Choose the area this account belongs to."), code="required",
                          field="home_area")
    if home_area is not None:
        _check_area_in_scope(actor, home_area, "home_area")
    user = User(username=username, display_name=display_name, email=email,
                home_area=home_area, must_change_password=must_change_password)
    _check_password(password, user)
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action="create", entity="user", entity_id=user.pk,
                 summary=username, after=_account_state(user))
    for role, area in grants:
        grant_add(actor=actor, user=user, role=role, area=area)
    return user


@transaction.atomic
def user_update(
    *, actor, user: User, display_name: str | None = None, email: str | None = None,
    home_area: Area | None = None,
) -> User:
    """Change the display name, e-mail or home area (None: unchanged). A new home area
    must lie inside the actor's scope."""
    _check_manages_user(actor, user)
    before = _account_state(user)
    if display_name is not None:
        user.display_name = _check_display_name(display_name)
    if email is not None:
        user.email = _check_email(email)
    if home_area is not None:
        _check_area_in_scope(actor, home_area, "home_area")
        user.home_area = home_area
    after = _account_state(user)
    if after != before:
        user.save(update_fields=["display_name", "email", "home_area"])
        old, new = audit.diff(before, after)
        audit.record(actor=actor, action="update", entity="user", entity_id=user.pk,
                     summary=user.username, before=old, after=new)
    return user


def _revoke_all_tokens(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str = "") -> User:
    """Switch an account off: sessions and API tokens stop working at once (tokens are
    revoked, so reactivating does not bring them back). Accounts are never deleted: the
    audit trail keeps pointing at them."""
    _check_manages_user(actor, user)
    if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
        raise Conflict(_("This account is already deactivated."),
                       code=AccountErrorCode.ALREADY_INACTIVE)
    tokens = _revoke_all_tokens(user)
    user.is_active = False
    audit.record(actor=actor, action="deactivate", entity="user", entity_id=user.pk,
                 summary=user.username, before={"is_active": True},
                 after={"is_active": False, "tokens_revoked": tokens}, reason=reason)
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User, reason: str = "") -> User:
    """Switch a deactivated account back on (its grants are as they were)."""
    _check_manages_user(actor, user)
    if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True):
        raise Conflict(_("This account is already active."),
                       code=AccountErrorCode.ALREADY_ACTIVE)
    user.is_active = True
    audit.record(actor=actor, action="reactivate", entity="user", entity_id=user.pk,
                 summary=user.username, before={"is_active": False},
                 after={"is_active": True}, reason=reason)
    return user


# Letters and digits that cannot be misread when read out or copied by hand.
_TEMP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"


def _temporary_password(user: User) -> str:
    for _attempt in range(20):
        groups = ["".join(secrets.choice(_TEMP_ALPHABET) for _ in range(4)) for _ in range(4)]
        candidate = "-".join(groups)
        try:
            validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate
    raise RuntimeError("could not generate a temporary password")  # pragma: no cover


@transaction.atomic
def user_password_reset(*, actor, user: User) -> str:
    """Give the account a new random temporary password, returned once to show the
    administrator. The user must choose their own at the next sign-in; their sessions end
    (the password hash changes) and their API tokens are revoked. The password itself is
    never written to the audit trail."""
    _check_manages_user(actor, user)
    temporary = _temporary_password(user)
    user.set_password(temporary)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    tokens = _revoke_all_tokens(user)
    audit.record(actor=actor, action="password_reset", entity="user", entity_id=user.pk,
                 summary=user.username,
                 after={"must_change_password": True, "tokens_revoked": tokens})
    return temporary


def user_password_change(*, user: User, old_password: str, new_password: str) -> User:
    """A user sets their own password: the current one is required (a borrowed session
    must not take the account over), and a wrong one counts as a failed sign-in, so
    guessing it here runs into the same lockout as on the sign-in page. (The failure is
    recorded outside the transaction of the change, which a wrong password never opens.)"""
    if is_locked_out(user.username):
        raise DomainError(_("Too many failed sign-ins; try again in 15 minutes."),
                          code=ErrorCode.LOCKED_OUT, field="old_password")
    if not user.check_password(old_password or ""):
        login_failure_record(username=user.username, ip=None)
        raise DomainError(_("The current password is not correct."),
                          code=AccountErrorCode.WRONG_PASSWORD, field="old_password")
    if new_password == old_password:
        raise DomainError(_("Choose a password different from the current one."),
                          code=AccountErrorCode.SAME_PASSWORD, field="new_password")
    _check_password(new_password, user, field="new_password")
    return _own_password_set(user, new_password)


@transaction.atomic
def _own_password_set(user: User, new_password: str) -> User:
    was_forced = user.must_change_password
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=user, action="password_change", entity="user", entity_id=user.pk,
                 summary=user.username, before={"must_change_password": was_forced},
                 after={"must_change_password": False})
    return user


@transaction.atomic
def grant_add(*, actor, user: User, role: str, area: Area) -> Grant:
    """Give ``user`` ``role`` over ``area``. The three administrator roles stay apart
    (三权分立), and only the command line grants the security and audit roles; an
    administrator grants only inside their own scope, to accounts in their care, and never
    to themselves."""
    _check_manages_user(actor, user)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if actor is not None and role in OPERATOR_MANAGED_ROLES:
        raise DomainError(
            _("Security and audit administrators are managed by the operator on the command "
              "line, not by a system administrator."),
            code=AccountErrorCode.SEPARATION_OF_DUTIES, field="role",
        )
    _check_area_in_scope(actor, area, "area")
    held = set(user.grants.values_list("role", flat=True))
    if role in EXCLUSIVE_ADMIN_ROLES and (held - {role}) & EXCLUSIVE_ADMIN_ROLES:
        raise DomainError(
            _("System, security and audit administration must be held by different people."),
            code=AccountErrorCode.SEPARATION_OF_DUTIES,
            field="role",
        )
    if role == Role.GRID_WORKER and area.kind != "grid":
        raise DomainError(_("A grid worker is granted grids."), field="area")
    if Grant.objects.filter(user=user, role=role, area=area).exists():
        raise DomainError(_("This account already holds this role over this area."),
                          code="duplicate", field="role")
    grant = Grant.objects.create(user=user, role=role, area=area)
    audit.record(actor=actor, action="grant", entity="user", entity_id=user.pk,
                 summary=f"{user.username} {role} {area.path}",
                 after={"role": role, "area": area.path})
    user.forget_grants()
    return grant


@transaction.atomic
def grant_remove(*, actor, grant: Grant) -> None:
    """Take a role over an area away from an account in the actor's care."""
    _check_manages_user(actor, grant.user)
    audit.record(actor=actor, action="revoke", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 before={"role": grant.role, "area": grant.area.path})
    grant.delete()
    grant.user.forget_grants()


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored. An account whose
    password was set by an administrator gets none until its owner has chosen their own
    (otherwise the temporary password would open the API indefinitely)."""
    if actor is not None and actor != user:
        _check_manages_user(actor, user)
    if actor == user and user.must_change_password:
        raise Forbidden(_("Change your temporary password first (on the My account page)."),
                        code=AccountErrorCode.PASSWORD_CHANGE_REQUIRED, field="password")
    raw = "shq_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name or "api", key_hash=_token_hash(raw), prefix=raw[4:12]
    )
    audit.record(actor=actor or user, action="token_create", entity="user", entity_id=user.pk,
                 summary=f"{name} {token.prefix}")
    return token, raw


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
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
