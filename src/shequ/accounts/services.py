"""Account writes: users, grants, passwords, tokens, lockout, sign-in. Each change is
checked against the actor's scope (``selectors``) and audited in the same transaction.

三权分立 against the system administrator: they make accounts, but a role that reaches
people's data only takes effect once a security administrator approves it
(``grant_add`` → ``grant_approve``); no account holds an administrator role together with
a data role; and a password reset sends a one-time link to the user (``core.notify``),
never a password to the administrator."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from shequ.core import audit, notify
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
from .models import ApiToken, Grant, LoginFailure, PasswordHistory, User
from .roles import (
    ADMIN_ROLES,
    DATA_ROLES,
    EXCLUSIVE_ADMIN_ROLES,
    OPERATOR_MANAGED_ROLES,
    Action,
    Role,
)

DISPLAY_NAME_MAX = 60


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)


def is_locked_out(username: str) -> bool:
    """Five failed logins within fifteen minutes lock the account name (existing or not,
    so the lockout does not reveal which names exist)."""
    recent = LoginFailure.objects.filter(username=username, at__gte=_window_start()).count()
    return recent >= settings.LOGIN_LOCKOUT_FAILURES


@transaction.atomic
def login_failure_record(*, username: str, ip: str | None, step: str = "password") -> None:
    """Count a failed sign-in towards the lockout and audit it. A name that is not an
    account is not written to the audit trail (people type their ID number or phone in
    the wrong box); the failure table keeps it for the lockout only."""
    LoginFailure.objects.create(username=username[:150], ip=ip)
    user = User.objects.filter(username=username).first()
    audit.record(actor=None, action="login_failed", entity="user",
                 entity_id=user.pk if user else "", summary=user.username if user else "?",
                 after={"step": step})


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


class AccountErrorCode(StrEnum):
    OWN_ACCOUNT = "own_account"
    SEPARATION_OF_DUTIES = "separation_of_duties"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - an error code, not a secret
    SAME_PASSWORD = "same_password"  # noqa: S105
    ALREADY_INACTIVE = "already_inactive"
    ALREADY_ACTIVE = "already_active"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"  # noqa: S105
    NO_CONTACT = "no_contact"
    INVALID_LINK = "invalid_link"
    NOT_PENDING = "not_pending"
    OTP_REQUIRED = "otp_required"
    OTP_INVALID = "otp_invalid"
    SESSION_EXPIRED = "session_expired"


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
    *, actor, username: str, password: str = "", display_name: str = "", email: str = "",
    home_area: Area | None = None, must_change_password: bool = False,
    grants: Sequence[tuple[str, Area]] = (), site: str = "",
) -> User:
    """Create an account, with its first grants, in one transaction (a refused grant
    leaves no account behind). ``actor`` None means the command line (createadmin, demo),
    which sets the password. An administrator never chooses it: the account's owner is
    sent a one-time link (through ``core.notify``; ``site`` is this server's address) and
    is the only one who can sign in with what they choose there — otherwise the system
    administrator could use an account whose data role the security administrator
    approved. An administrator's new account belongs to a home area inside their scope,
    so it stays in their care before it holds any grant."""
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
    if actor is None:
        _check_password(password, user)
        user.save()
        _password_set(user, password)
        sent_to = None
    else:
        if password:
            raise DomainError(_("The account's owner chooses the password, through the link "
                                "sent to them."),
                              code=AccountErrorCode.SEPARATION_OF_DUTIES, field="password")
        user.must_change_password = False
        user.set_unusable_password()
        sent_to = notify.masked(_address(user))
        user.save()
    audit.record(actor=actor, action="create", entity="user", entity_id=user.pk,
                 summary=username, after={**_account_state(user), "link_sent_to": sent_to})
    for role, area in grants:
        grant_add(actor=actor, user=user, role=role, area=area)
    if actor is not None:
        _send_password_link(user=user, site=site, subject=_("Your Shequ account"), body=_(
            "An account %(username)s has been made for you on Shequ. Choose its password at "
            "%(link)s (the link works once, for %(hours)d hours)."))
    return user


def contact_of(user: User) -> str:
    """Where links to ``user`` go, masked: what an administrator may be told."""
    return notify.masked(notify.address_of(user))


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
        email = _check_email(email)
        if (email != user.email and actor is not None
                and Grant.all_objects.filter(user=user, role__in=DATA_ROLES).exists()):
            # The address is where password-reset links go: whoever could change it could
            # reset the password to themselves.
            raise DomainError(_("The contact address of an account holding a role over "
                                "people's data is changed only by its owner."),
                              code=AccountErrorCode.SEPARATION_OF_DUTIES, field="email")
        user.email = email
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


def _check_duties(user: User, role: str) -> None:
    """三权分立: the three administrator roles exclude each other, and no administrator
    holds a role over people's data (pending grants count: a request is refused as early
    as the grant)."""
    held = set(Grant.all_objects.filter(user=user).values_list("role", flat=True))
    clash = ((role in EXCLUSIVE_ADMIN_ROLES and (held - {role}) & EXCLUSIVE_ADMIN_ROLES)
             or (role in ADMIN_ROLES and held & DATA_ROLES)
             or (role in DATA_ROLES and held & ADMIN_ROLES))
    if clash:
        raise DomainError(
            _("System, security and audit administration are held by different people, "
              "and never together with a role over people's data."),
            code=AccountErrorCode.SEPARATION_OF_DUTIES, field="role",
        )


@transaction.atomic
def grant_add(*, actor, user: User, role: str, area: Area) -> Grant:
    """Give ``user`` ``role`` over ``area``. The administrator roles stay apart from each
    other and from the data roles (三权分立), and only the command line grants the
    security and audit roles; an administrator grants only inside their own scope, to
    accounts in their care, and never to themselves. A data role granted by an
    administrator is pending until a security administrator approves it
    (``grant_approve``); the command line's grants take effect at once."""
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
    # One grant change per account at a time, so two requests cannot each pass the
    # duty check against the other's grant.
    User.objects.select_for_update().filter(pk=user.pk).first()
    _check_duties(user, role)
    if role == Role.GRID_WORKER and area.kind != "grid":
        raise DomainError(_("A grid worker is granted grids."), field="area")
    if Grant.all_objects.filter(user=user, role=role, area=area).exists():
        raise DomainError(_("This account already holds this role over this area."),
                          code="duplicate", field="role")
    pending = actor is not None and role in DATA_ROLES
    grant = Grant.all_objects.create(user=user, role=role, area=area, requested_by=actor,
                                 approved_at=None if pending else timezone.now())
    audit.record(actor=actor, action="grant_request" if pending else "grant", entity="user",
                 entity_id=user.pk, summary=f"{user.username} {role} {area.path}",
                 after={"role": role, "area": area.path, "pending": pending})
    user.forget_grants()
    return grant


def _check_approver(actor, grant: Grant) -> None:
    if actor is None or not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()
    if not selectors.may_approve(actor, grant):
        raise NotFound(field="grant")


@transaction.atomic
def grant_approve(*, actor, grant: Grant) -> Grant:
    """A security administrator lets a pending grant take effect (inside their security
    scope). The account's sessions keep going; its scope widens on the next request."""
    _check_approver(actor, grant)
    User.objects.select_for_update().filter(pk=grant.user_id).first()
    now = timezone.now()
    if not Grant.all_objects.filter(pk=grant.pk, approved_at__isnull=True).update(
            approved_at=now, approved_by=actor):
        raise Conflict(_("This grant is not waiting for approval."),
                       code=AccountErrorCode.NOT_PENDING)
    grant.approved_at, grant.approved_by = now, actor
    audit.record(actor=actor, action="grant_approve", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 after={"role": grant.role, "area": grant.area.path})
    grant.user.forget_grants()
    return grant


@transaction.atomic
def grant_reject(*, actor, grant: Grant, reason: str = "") -> None:
    """A security administrator refuses a pending grant; it is deleted (the audit trail
    keeps the request and the refusal)."""
    _check_approver(actor, grant)
    if not Grant.all_objects.filter(pk=grant.pk, approved_at__isnull=True).delete()[0]:
        raise Conflict(_("This grant is not waiting for approval."),
                       code=AccountErrorCode.NOT_PENDING)
    audit.record(actor=actor, action="grant_reject", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 before={"role": grant.role, "area": grant.area.path}, reason=reason)


@transaction.atomic
def grant_remove(*, actor, grant: Grant) -> None:
    """Take a role over an area away from an account in the actor's care (or withdraw a
    pending request). The account's API tokens are revoked: a token must not keep a
    scope its owner no longer has, and a new one is issued under the new grants."""
    _check_manages_user(actor, grant.user)
    grant.delete()
    tokens = _revoke_all_tokens(grant.user)
    audit.record(actor=actor, action="revoke", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 before={"role": grant.role, "area": grant.area.path,
                         "pending": grant.is_pending},
                 after={"tokens_revoked": tokens})
    grant.user.forget_grants()


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
    from . import otp as second_factor

    if actor is not None and actor != user:
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


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(raw), revoked_at__isnull=True)
        .first()
    )
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
