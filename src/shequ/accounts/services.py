"""Account writes: users, grants, tokens, lockout. Each change is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError, Forbidden, from_validation_error
from shequ.territory.models import Area

from .models import ApiToken, Grant, LoginFailure, User
from .roles import EXCLUSIVE_ADMIN_ROLES, Action, Role


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)


def is_locked_out(username: str) -> bool:
    """Five failed logins within fifteen minutes lock the account name (existing or not,
    so the lockout does not reveal which names exist)."""
    recent = LoginFailure.objects.filter(username=username, at__gte=_window_start()).count()
    return recent >= settings.LOGIN_LOCKOUT_FAILURES


def login_failure_record(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip=ip)


@transaction.atomic
def lockout_clear(*, actor, username: str) -> int:
    """Security administrator lifts a lockout before the window passes."""
    if not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()
    n, _ = LoginFailure.objects.filter(username=username, at__gte=_window_start()).delete()
    audit.record(actor=actor, action="unlock", entity="user", entity_id=username, summary=username)
    return n


def _check_actor_manages_accounts(actor) -> None:
    if actor is not None and not actor.can(Action.MANAGE_ACCOUNTS):
        raise Forbidden()


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, display_name: str = "", email: str = ""
) -> User:
    """Create an account. ``actor`` None means the command line (createadmin, demo)."""
    _check_actor_manages_accounts(actor)
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Username is required."), code="required", field="username")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("This username is taken."), code="duplicate", field="username")
    user = User(username=username, display_name=display_name, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise from_validation_error(exc, field="password") from exc
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action="create", entity="user", entity_id=user.pk,
                 summary=username, after={"username": username, "display_name": display_name})
    return user


@transaction.atomic
def grant_add(*, actor, user: User, role: str, area: Area) -> Grant:
    """Give ``user`` ``role`` over ``area``. The three administrator roles stay apart."""
    _check_actor_manages_accounts(actor)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    held = set(user.grants.values_list("role", flat=True))
    if role in EXCLUSIVE_ADMIN_ROLES and (held - {role}) & EXCLUSIVE_ADMIN_ROLES:
        raise DomainError(
            _("System, security and audit administration must be held by different people."),
            code="separation_of_duties",
            field="role",
        )
    if role == Role.GRID_WORKER and area.kind != "grid":
        raise DomainError(_("A grid worker is granted grids."), field="area")
    grant, created = Grant.objects.get_or_create(user=user, role=role, area=area)
    if created:
        audit.record(actor=actor, action="grant", entity="user", entity_id=user.pk,
                     summary=f"{user.username} {role} {area.path}",
                     after={"role": role, "area": area.path})
    user.forget_grants()
    return grant


@transaction.atomic
def grant_remove(*, actor, grant: Grant) -> None:
    _check_actor_manages_accounts(actor)
    audit.record(actor=actor, action="revoke", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 before={"role": grant.role, "area": grant.area.path})
    grant.delete()


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored."""
    if actor is not None and actor != user:
        _check_actor_manages_accounts(actor)
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
    if actor != token.user:
        _check_actor_manages_accounts(actor)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    audit.record(actor=actor, action="token_revoke", entity="user", entity_id=token.user_id,
                 summary=token.prefix)
