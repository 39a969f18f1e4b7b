"""Residents and party members get their own accounts.

Two doors, one outcome (``_create_and_link``): a new account linked to the resident's
registry record, holding the resident role over their community, and the party-member role
too when the registry holds their membership — so every resident-facing feature (rating a
case, voting, points, 双报到) reaches them.

* Self sign-up by real name (``signup_start`` → ``signup_complete``): name, ID number and
  phone are matched against the registry by the blind indexes; a matched resident is sent a
  one-time code (``core.sms``) that expires after ``CODE_SECONDS`` and allows
  ``CODE_ATTEMPTS`` tries. A non-match gets one generic refusal, whichever part was wrong,
  and the attempt is written to the audit trail without the details typed. Attempts are
  limited per client address and per phone (``core.ratelimit``).
* An invitation (``invitation_issue`` → ``invitation_accept``): staff who may edit the
  resident's record issue a single-use link (shown as a QR code too) that lasts
  ``INVITE_DAYS``.

Unlinking (``resident_unlink``) takes the resident and party-member roles away again, with
a reason, audited. Codes and tokens are stored only as keyed hashes.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.accounts import services as account_services
from shequ.accounts.models import Grant, User
from shequ.accounts.roles import Action, Role
from shequ.core import audit, crypto, sms
from shequ.core.actors import SYSTEM
from shequ.core.errors import (
    Conflict,
    DomainError,
    ErrorCode,
    RateLimited,
    from_validation_error,
)
from shequ.core.freetext import clean_text
from shequ.core.ratelimit import Limit
from shequ.core.scoping import require_at
from shequ.core.validators import mask_phone, parse_id_number, parse_phone
from shequ.registry import pii
from shequ.registry.models import PartyMember, Resident
from shequ.territory.models import Area, AreaKind

from .errors import SignupErrorCode
from .models import Challenge, Invitation

CODE_SECONDS = 10 * 60
CODE_ATTEMPTS = 5
INVITE_DAYS = 7
# Per client address: sign-up attempts (matched or not) and code entries per hour.
START_LIMIT = Limit("signup_start_ip", count=10, seconds=3600)
VERIFY_LIMIT = Limit("signup_verify_ip", count=30, seconds=3600)
# Per phone: codes sent per hour (whoever asks), so nobody floods a resident's phone.
PHONE_LIMIT = Limit("signup_phone", count=3, seconds=3600)
SELF_ROLES = (Role.RESIDENT, Role.PARTY_MEMBER)


def _no_match() -> DomainError:
    return DomainError(_("We could not confirm these details. Check your name, ID number and "
                         "phone, or ask your community office."), code=SignupErrorCode.NO_MATCH)


def _refused(reason: str, ip: str | None) -> None:
    """Log a refused attempt (no personal data: what failed, and the client's address),
    committed even though the caller then raises."""
    with transaction.atomic():
        audit.record(actor=SYSTEM, action="signup_refused", entity="signup", entity_id="",
                     summary=reason)


def _hash(kind: str, key: str, secret: str) -> str:
    return crypto.blind_index(kind, f"{key}\x1f{secret}")


# -- self sign-up ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Started:
    key: str
    expires_at: dt.datetime
    sent_to: str


def _same_name(typed: str, recorded: str) -> bool:
    return "".join(typed.split()) == "".join(recorded.split())


def signup_start(*, name: str, id_number: str, phone: str, ip: str | None) -> Started:
    """Match the three details against the registry and send a code to the phone. Any
    mismatch gets the same refusal (``no_match``), logged."""
    if START_LIMIT.hit(ip) > START_LIMIT.count:
        _refused("rate_limited_ip", ip)
        raise RateLimited()
    name = clean_text(name, field="name", limit=40, required=True,
                      required_message=pgettext("person", "Name is required."), single_line=True)
    try:
        parsed_id = parse_id_number(id_number)
    except ValidationError as exc:
        raise from_validation_error(exc, field="id_number") from exc
    try:
        phone = parse_phone(phone)
    except ValidationError as exc:
        raise from_validation_error(exc, field="phone") from exc
    if PHONE_LIMIT.hit(phone) > PHONE_LIMIT.count:
        _refused("rate_limited_phone", ip)
        raise RateLimited()
    resident = (Resident.objects.filter(id_number_hash=pii.id_hash(parsed_id.value),
                                        is_active=True).first())
    if (resident is None or resident.phone_hash != pii.phone_hash(phone)
            or not _same_name(name, resident.name)):
        _refused(SignupErrorCode.NO_MATCH, ip)
        raise _no_match()
    if resident.user_id is not None:
        _refused(SignupErrorCode.ALREADY_LINKED, ip)
        raise _already_linked()
    key, code = secrets.token_urlsafe(24), f"{secrets.randbelow(10 ** 6):06d}"
    now = timezone.now()
    expires_at = now + dt.timedelta(seconds=CODE_SECONDS)
    with transaction.atomic():
        # Spent challenges are kept a day (for the audit's references), then dropped.
        Challenge.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
        challenge = Challenge.objects.create(
            key=key, resident=resident, phone_hash=resident.phone_hash,
            code_hash=_hash("signup_code", key, code), expires_at=expires_at)
        audit.record(actor=SYSTEM, action="signup_code_sent", entity="signup_challenge",
                     entity_id=challenge.pk, summary=mask_phone(phone))
        try:
            sms.send(phone=phone, body=_(
                "Your Shequ sign-up code is %(code)s. It is valid for %(minutes)d minutes. "
                "Do not tell it to anyone.") % {"code": code, "minutes": CODE_SECONDS // 60})
        except LookupError as exc:
            raise DomainError(_("Text messages cannot be sent from this server yet: ask your "
                                "community office for an invitation."),
                              code=SignupErrorCode.SMS_UNAVAILABLE) from exc
    return Started(key=key, expires_at=expires_at, sent_to=mask_phone(phone))


def _already_linked() -> Conflict:
    return Conflict(_("This resident already has an account: sign in, or ask your community "
                      "office to help."), code=SignupErrorCode.ALREADY_LINKED)


def signup_complete(*, key: str, code: str, username: str, password: str,
                    ip: str | None) -> User:
    """Check the code and make the account. A wrong code counts against the challenge
    (``CODE_ATTEMPTS``), and is logged; an expired or used one must be asked for again."""
    if VERIFY_LIMIT.hit(ip) > VERIFY_LIMIT.count:
        _refused("rate_limited_ip", ip)
        raise RateLimited()
    code = "".join(str(code or "").split())
    if not code:
        raise DomainError(_("Enter the code sent to your phone."), code=ErrorCode.REQUIRED,
                          field="code")
    challenge = Challenge.objects.filter(key=str(key or "")[:64]).first()
    if challenge is None or challenge.used_at is not None:
        raise DomainError(_("This code is no longer valid: ask for a new one."),
                          code=SignupErrorCode.CODE_EXPIRED, field="code")
    if challenge.expires_at <= timezone.now():
        _refused(SignupErrorCode.CODE_EXPIRED, ip)
        raise DomainError(_("This code has expired: ask for a new one."),
                          code=SignupErrorCode.CODE_EXPIRED, field="code")
    if challenge.attempts >= CODE_ATTEMPTS:
        _refused(SignupErrorCode.TOO_MANY_ATTEMPTS, ip)
        raise RateLimited(_("Too many wrong codes: ask for a new one."),
                          code=SignupErrorCode.TOO_MANY_ATTEMPTS, field="code")
    if not hmac.compare_digest(_hash("signup_code", challenge.key, code), challenge.code_hash):
        # Counted in its own statement, so the refusal below cannot roll it back.
        with transaction.atomic():
            Challenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
        _refused(SignupErrorCode.CODE_WRONG, ip)
        left = CODE_ATTEMPTS - challenge.attempts - 1
        raise DomainError(_("The code is wrong (%(left)d tries left).") % {"left": left},
                          code=SignupErrorCode.CODE_WRONG, field="code")
    with transaction.atomic():
        # Used once: of two requests with the same code, only one gets the row.
        if not Challenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(
                used_at=timezone.now()):
            raise DomainError(_("This code is no longer valid: ask for a new one."),
                              code=SignupErrorCode.CODE_EXPIRED, field="code")
        user = _create_and_link(resident_id=challenge.resident_id, username=username,
                                password=password, via="signup")
    return user


# -- the account ----------------------------------------------------------------------------
def community_of(resident: Resident) -> Area:
    """The community the resident lives in (their record's path is their grid's)."""
    area = Area.objects.filter(path=resident.path).select_related("parent").first()
    while area is not None and area.kind not in (AreaKind.COMMUNITY,):
        area = area.parent
    if area is None:
        raise DomainError(_("This resident's record has no community."), code=SignupErrorCode.NO_COMMUNITY)
    return area


def _create_and_link(*, resident_id: int, username: str, password: str, via: str) -> User:
    """In the caller's transaction: the account, its roles, the link. The resident row is
    locked, so two doors cannot both link it."""
    resident = Resident.objects.select_for_update().get(pk=resident_id)
    if resident.user_id is not None:
        raise _already_linked()
    if not resident.is_active:
        raise _no_match()
    community = community_of(resident)
    roles = [Role.RESIDENT]
    if PartyMember.objects.filter(resident=resident).exists():
        roles.append(Role.PARTY_MEMBER)
    user = account_services.user_create(
        actor=SYSTEM, username=username, password=password, display_name=resident.name,
        home_area=community, grants=[(role, community) for role in roles])
    # The registry's phone columns, copied as stored: never decrypted here.
    User.objects.filter(pk=user.pk).update(phone_enc=resident.phone_enc,
                                           phone_hash=resident.phone_hash,
                                           phone_masked=resident.phone_masked)
    resident.user = user
    resident.save(update_fields=["user", "updated_at"])
    audit.record(actor=SYSTEM, action="link_user", entity="resident", entity_id=resident.pk,
                 summary=user.username, after={"user": user.username, "via": via,
                                               "roles": [str(r) for r in roles]})
    audit.record(actor=user, action="signup", entity="user", entity_id=user.pk,
                 summary=user.username, after={"via": via})
    user.refresh_from_db()
    return user


# -- invitations ----------------------------------------------------------------------------
def invitation_issue(*, actor, resident: Resident) -> tuple[Invitation, str]:
    """A single-use link for ``resident``; returns the invitation and its token (shown
    once: only its hash is kept). Staff who may edit the resident's record only."""
    require_at(actor, Action.EDIT_PEOPLE, resident.path, view_action=Action.VIEW_PEOPLE)
    resident = Resident.objects.get(pk=resident.pk)  # as it is now, not as the caller read it
    if resident.user_id is not None:
        raise _already_linked()
    if not resident.is_active:
        raise DomainError(_("This resident's record is closed."), code=SignupErrorCode.INACTIVE)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            resident=resident, token_hash=_hash("signup_invite", "", token), issued_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=INVITE_DAYS), path=resident.path)
        audit.record(actor=actor, action="invite", entity="invitation",
                     entity_id=invitation.pk, summary=resident.name,
                     after={"resident": resident.pk,
                            "expires_at": invitation.expires_at.isoformat()})
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link names, if it can still be used; a refusal says why."""
    invitation = (Invitation.objects.select_related("resident")
                  .filter(token_hash=_hash("signup_invite", "", str(token or "")[:100]))
                  .first())
    if invitation is None:
        raise DomainError(_("This invitation link is not valid."),
                          code=SignupErrorCode.INVITATION_INVALID, field="token")
    if invitation.used_at is not None:
        raise Conflict(_("This invitation has already been used: sign in with the account "
                         "made with it."), code=SignupErrorCode.INVITATION_USED, field="token")
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation has been withdrawn by your community office: "
                            "ask them for a new one."), code=SignupErrorCode.INVITATION_REVOKED,
                          field="token")
    if invitation.expires_at <= timezone.now():
        raise DomainError(_("This invitation has expired: ask your community office for a "
                            "new one."), code=SignupErrorCode.INVITATION_EXPIRED, field="token")
    return invitation


def invitation_accept(*, token: str, username: str, password: str,
                      ip: str | None = None) -> User:
    if VERIFY_LIMIT.hit(ip) > VERIFY_LIMIT.count:
        _refused("rate_limited_ip", ip)
        raise RateLimited()
    invitation = invitation_for_token(token)
    with transaction.atomic():
        if not Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True,
                                         revoked_at__isnull=True).update(
                used_at=timezone.now()):
            raise Conflict(_("This invitation has already been used: sign in with the "
                             "account made with it."), code=SignupErrorCode.INVITATION_USED,
                           field="token")
        user = _create_and_link(resident_id=invitation.resident_id, username=username,
                                password=password, via="invitation")
        Invitation.objects.filter(pk=invitation.pk).update(used_by=user)
        audit.record(actor=user, action="invite_accept", entity="invitation",
                     entity_id=invitation.pk, summary=user.username)
    return user


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation, reason: str) -> Invitation:
    """Take back an open invitation (unused, not expired) with a reason; its link is
    refused from then on. Staff who may edit the resident's record only; audited."""
    require_at(actor, Action.EDIT_PEOPLE, invitation.path, view_action=Action.VIEW_PEOPLE)
    reason = clean_text(reason, field="reason", limit=300, required=True,
                        required_message=_("Say why the invitation is revoked."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.revoked_at is not None \
            or invitation.expires_at <= timezone.now():
        raise Conflict(_("This invitation is no longer open: it was used, revoked or has "
                         "expired."), code=SignupErrorCode.INVITATION_CLOSED, field="invitation")
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    invitation.revoke_reason = reason
    invitation.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit.record(actor=actor, action="invite_revoke", entity="invitation",
                 entity_id=invitation.pk, summary=invitation.resident.name, reason=reason)
    return invitation


# -- unlinking ------------------------------------------------------------------------------
@transaction.atomic
def resident_unlink(*, actor, resident: Resident, reason: str) -> None:
    """Detach the account from the resident's record and take away the resident and
    party-member roles it held through it (the account itself stays)."""
    require_at(actor, Action.EDIT_PEOPLE, resident.path, view_action=Action.VIEW_PEOPLE)
    reason = clean_text(reason, field="reason", limit=300, required=True,
                        required_message=_("Say why the account is unlinked."))
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if resident.user_id is None:
        raise Conflict(_("No account is linked to this resident."), code=SignupErrorCode.NOT_LINKED)
    user = resident.user
    grants = Grant.all_objects.filter(user=user, role__in=SELF_ROLES)
    removed = sorted(set(grants.values_list("role", flat=True)))
    grants.delete()
    user.forget_grants()
    resident.user = None
    resident.save(update_fields=["user", "updated_at"])
    audit.record(actor=actor, action="unlink_user", entity="resident", entity_id=resident.pk,
                 summary=user.username, before={"user": user.username},
                 after={"user": None, "roles_removed": removed}, reason=reason)
