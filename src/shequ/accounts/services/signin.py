"""Signing in: the lockout, the audit of each attempt, administrators' password age, and
lifting a lockout (the security administrator's work)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shequ.core import audit
from shequ.core.errors import Forbidden, NotFound

from .. import selectors
from ..models import LoginFailure, User
from ..roles import ADMIN_ROLES, Action


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)


def is_locked_out(username: str) -> bool:
    """Five failed logins within fifteen minutes lock the account name (existing or not,
    so the lockout does not reveal which names exist)."""
    recent = LoginFailure.objects.filter(username=username, at__gte=_window_start()).count()
    return recent >= settings.LOGIN_LOCKOUT_FAILURES


@transaction.atomic
def login_failure_record(*, username: str, ip: str | None, step: str = "password",
                         counted: bool = True) -> None:
    """Count a failed sign-in towards the lockout and audit it. ``counted`` False: an
    attempt refused because the name is locked already (audited, not counted again, so
    the lock does not keep extending itself). A name that is not an account is not written
    to the audit trail (people type their ID number or phone in the wrong box); the
    failure table keeps it for the lockout only."""
    if counted:
        LoginFailure.objects.create(username=username[:150], ip=ip)
    user = User.objects.filter(username=username).first()
    audit.record(actor=None, action="login_failed", entity="user",
                 entity_id=user.pk if user else "", summary=user.username if user else "?",
                 after={"step": step if counted else "locked"})


def login_succeeded(*, user: User, step: str = "password") -> None:
    """Audit a successful sign-in step (password; second factor)."""
    audit.record(actor=user, action="login" if step == "password" else "login_otp",
                 entity="user", entity_id=user.pk, summary=user.username)


def password_expired(user: User) -> bool:
    """Administrators change their password every settings.ADMIN_PASSWORD_MAX_AGE_DAYS."""
    if not user.has_role(*ADMIN_ROLES):
        return False
    changed = user.password_changed_at or user.date_joined
    age = timezone.now() - changed
    return age > dt.timedelta(days=settings.ADMIN_PASSWORD_MAX_AGE_DAYS)


@transaction.atomic
def lockout_clear(*, actor, username: str) -> int:
    """Lift a lockout before the window passes.

    This is the security administrator's work, not the system administrator's (DESIGN §2,
    三权分立): the lockout is a security control against password guessing, and the
    person who resets passwords (sysadmin) must not also be able to switch off the guard
    on the accounts whose passwords they set. The sign-in page tells a locked-out user to
    ask the security administrator. Limited to the accounts inside the actor's security
    scope (see ``selectors.may_unlock``)."""
    if not getattr(actor, "is_authenticated", False) or not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()
    if not selectors.may_unlock(actor, username):
        raise NotFound(field="username")
    n, _ = LoginFailure.objects.filter(username=username, at__gte=_window_start()).delete()
    audit.record(actor=actor, action="unlock", entity="user", entity_id=username, summary=username,
                 before={"failures": n}, after={"failures": 0})
    return n
