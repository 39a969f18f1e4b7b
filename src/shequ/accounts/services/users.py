"""Accounts: creation (the owner chooses the password), details, deactivation."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit, notify
from shequ.core.actors import is_system
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.reveal import reveal
from shequ.territory.models import Area

from ..models import Grant, User
from ..roles import DATA_ROLES
from .checks import (
    _check_actor_manages_accounts,
    _check_area_in_scope,
    _check_display_name,
    _check_email,
    _check_manages_user,
    _check_password,
    _check_phone,
    _check_username,
    _set_phone,
)
from .codes import AccountErrorCode
from .grants import grant_add
from .passwords import _address, _password_set, _send_password_link
from .tokens import _revoke_all_tokens


def _account_state(user: User) -> dict:
    return {"username": user.username, "display_name": user.display_name,
            "email": user.email, "phone": user.phone_masked,
            "home_area": user.home_area.path if user.home_area else None,
            "is_active": user.is_active, "must_change_password": user.must_change_password}


@transaction.atomic
def user_create(
    *, actor, username: str, password: str = "", display_name: str = "", email: str = "",
    home_area: Area | None = None, must_change_password: bool = False,
    grants: Sequence[tuple[str, Area]] = (), site: str = "", phone: str = "",
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
    phone_cols = _check_phone(phone)
    if not is_system(actor) and home_area is None:
        raise DomainError(_("Choose the area this account belongs to."), code=ErrorCode.REQUIRED,
                          field="home_area")
    if home_area is not None:
        _check_area_in_scope(actor, home_area, "home_area")
    user = User(username=username, display_name=display_name, email=email,
                home_area=home_area, must_change_password=must_change_password)
    _set_phone(user, phone_cols)
    if is_system(actor):
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
    if not is_system(actor):
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
    home_area: Area | None = None, phone: str | None = None,
) -> User:
    """Change the display name, e-mail, phone or home area (None: unchanged; phone ''
    clears it). A new home area must lie inside the actor's scope."""
    _check_manages_user(actor, user)
    before = _account_state(user)
    if display_name is not None:
        user.display_name = _check_display_name(display_name)
    if email is not None:
        email = _check_email(email)
        if (email != user.email and not is_system(actor)
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
    phone_changed = False
    if phone is not None:
        cols = _check_phone(phone)
        if cols.hash != user.phone_hash:
            _set_phone(user, cols)
            phone_changed = True
    after = _account_state(user)
    if after != before or phone_changed:
        user.save(update_fields=["display_name", "email", "home_area", "phone_enc",
                                 "phone_hash", "phone_masked"])
        old, new = audit.diff(before, after)
        if phone_changed and not new:
            # Same masked form, another number: say that it changed, never which it is.
            old, new = {"phone": before["phone"]}, {"phone": after["phone"]}
        audit.record(actor=actor, action="update", entity="user", entity_id=user.pk,
                     summary=user.username, before=old, after=new)
    return user


def user_phone_reveal(*, actor, user: User, reason: str) -> str:
    """The account's phone in clear, to its owner or to an administrator who manages the
    account; the reveal is logged (who, when, why) before the value is returned."""
    if actor is None or actor.pk != user.pk:
        _check_manages_user(actor, user)
    return reveal(actor=actor, blob=user.phone_enc, field="phone", entity="user",
                  entity_id=user.pk, summary=f"{user.username} phone", reason=reason)


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str = "") -> User:
    """Switch an account off: sessions and API tokens stop working at once (tokens are
    revoked, so reactivating does not bring them back). Accounts are never deleted: the
    audit trail keeps pointing at them."""
    _check_manages_user(actor, user)
    now = timezone.now()
    if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False,
                                                                  deactivated_at=now):
        raise Conflict(_("This account is already deactivated."),
                       code=AccountErrorCode.ALREADY_INACTIVE)
    tokens = _revoke_all_tokens(user)
    user.is_active, user.deactivated_at = False, now
    audit.record(actor=actor, action="deactivate", entity="user", entity_id=user.pk,
                 summary=user.username, before={"is_active": True},
                 after={"is_active": False, "tokens_revoked": tokens}, reason=reason)
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User, reason: str = "") -> User:
    """Switch a deactivated account back on (its grants are as they were)."""
    _check_manages_user(actor, user)
    if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True,
                                                                   deactivated_at=None):
        raise Conflict(_("This account is already active."),
                       code=AccountErrorCode.ALREADY_ACTIVE)
    user.is_active, user.deactivated_at = True, None
    audit.record(actor=actor, action="reactivate", entity="user", entity_id=user.pk,
                 summary=user.username, before={"is_active": False},
                 after={"is_active": True}, reason=reason)
    return user
