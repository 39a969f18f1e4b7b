"""Passwords: set by their owner only — one's own change, or a one-time link sent through
``core.notify`` (account activation, an administrator's reset); history and tokens
follow every change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from shequ.core import audit, notify
from shequ.core.errors import DomainError, ErrorCode, NotFound

from ..models import PasswordHistory, User
from .checks import _check_manages_user, _check_password
from .codes import AccountErrorCode
from .signin import is_locked_out, login_failure_record
from .tokens import _revoke_all_tokens


def _password_set(user: User, raw: str) -> int:
    """Store a new password: its date (admin expiry), its hash in the history (so it is
    not chosen again soon) and the end of every API token made under the old one. Returns
    how many tokens were revoked."""
    user.set_password(raw)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id").values_list(
        "pk", flat=True)[:settings.PASSWORD_HISTORY]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    return _revoke_all_tokens(user)


def _address(user: User) -> str:
    """The user's address on the configured channel; an account without one cannot be
    sent a link (and so cannot be made or reset by an administrator)."""
    address = notify.address_of(user)
    if not address:
        raise DomainError(_("This account has no contact address for a reset link."),
                          code=AccountErrorCode.NO_CONTACT, field="email")
    return address


def _send_password_link(*, user: User, site: str, subject: str, body: str) -> None:
    """Send ``user`` a one-time link (valid settings.PASSWORD_RESET_TIMEOUT, bound to the
    password hash it replaces) to choose their password. ``body`` names %(username)s,
    %(link)s and %(hours)d."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password-reset-confirm",
                   args=[uid, default_token_generator.make_token(user)])
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    notify.send(user=user, subject=subject, body=body % {
        "username": user.username, "link": site.rstrip("/") + path, "hours": hours})


@transaction.atomic
def user_password_reset(*, actor, user: User, site: str) -> str:
    """Send the user a one-time link (valid settings.PASSWORD_RESET_TIMEOUT) to choose a
    new password, through their own channel (``core.notify``). The administrator never
    sees a password or the link: this returns the masked address it went to. The old
    password stops working at once, and with it the user's sessions and API tokens."""
    _check_manages_user(actor, user)
    sent_to = notify.masked(_address(user))
    user.set_unusable_password()
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    tokens = _revoke_all_tokens(user)
    _send_password_link(user=user, site=site, subject=_("Choose a new password"), body=_(
        "An administrator has reset the password of your account %(username)s. Choose a "
        "new one at %(link)s (the link works once, for %(hours)d hours)."))
    audit.record(actor=actor, action="password_reset", entity="user", entity_id=user.pk,
                 summary=user.username, after={"sent_to": sent_to, "tokens_revoked": tokens})
    return sent_to


def password_reset_user(*, uidb64: str, token: str) -> User:
    """The account a reset link is for, while the link is valid (NotFound otherwise:
    used, expired, or made up)."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("This link is not valid any more."),
                       code=AccountErrorCode.INVALID_LINK) from None
    if not default_token_generator.check_token(user, token):
        raise NotFound(_("This link is not valid any more."), code=AccountErrorCode.INVALID_LINK)
    return user


def password_reset_complete(*, uidb64: str, token: str, new_password: str) -> User:
    """The user chooses their password through the link; the link then stops working
    (it is bound to the password it replaced)."""
    user = password_reset_user(uidb64=uidb64, token=token)
    _check_password(new_password, user, field="new_password")
    return _own_password_set(user, new_password, via="reset_link")


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
def _own_password_set(user: User, new_password: str, via: str = "own") -> User:
    was_forced = user.must_change_password
    user.must_change_password = False
    tokens = _password_set(user, new_password)
    audit.record(actor=user, action="password_change", entity="user", entity_id=user.pk,
                 summary=user.username, before={"must_change_password": was_forced},
                 after={"must_change_password": False, "tokens_revoked": tokens, "via": via})
    return user
