"""Checks shared by the account services: who may change which account, where, and the
rules for names, addresses and passwords."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from shequ.core.actors import is_system
from shequ.core.errors import DomainError, ErrorCode, Forbidden, NotFound, from_validation_error
from shequ.core.phones import PhoneColumns, phone_columns
from shequ.core.scoping import may
from shequ.territory.models import Area

from .. import selectors
from ..models import User
from ..roles import Action
from .codes import AccountErrorCode

DISPLAY_NAME_MAX = 60


def _check_actor_manages_accounts(actor) -> None:
    """The system, or a signed-in account holding the action; ``None`` is nobody."""
    if is_system(actor):
        return
    if not getattr(actor, "is_authenticated", False) or not actor.can(Action.MANAGE_ACCOUNTS):
        raise Forbidden()


def _check_manages_user(actor, user: User) -> None:
    """``actor`` (SYSTEM: the command line) may change ``user``: a system administrator
    whose account scope holds the user, and never on their own account."""
    if is_system(actor):
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
    if not may(actor, Action.MANAGE_ACCOUNTS, area.path):
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
        raise DomainError(_("Username is required."), code=ErrorCode.REQUIRED, field="username")
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        raise from_validation_error(exc, field="username") from exc
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."), code=ErrorCode.DUPLICATE, field="username")
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
            code=ErrorCode.TOO_LONG, field="display_name",
        )
    return display_name


def _check_phone(phone: str | None) -> PhoneColumns:
    """A phone validated as a resident's (core.validators.parse_phone); '' clears it."""
    try:
        return phone_columns(phone)
    except ValidationError as exc:
        raise from_validation_error(exc, field="phone") from exc


def _set_phone(user: User, cols: PhoneColumns) -> None:
    user.phone_enc, user.phone_hash, user.phone_masked = cols.enc, cols.hash, cols.masked
