"""组织关系转接: requested → sent (the introduction letter) → confirmed by the receiving
organisation, or returned. The member's organisation moves only on confirmation, in the same
transaction as the state, under a lock on the transfer row, so a member is never in two
branches and two confirmations at once leave one winner. A transfer out of the district
names the receiving organisation and a reason; once confirmed the member's dues stop here
and their last organisation stays recorded as where they left from."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden
from shequ.core.freetext import clean_text
from shequ.notices.services import notify
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember

from ..errors import MembershipErrorCode
from ..models import OPEN_STATES, DuesProfile, Transfer, TransferState
from ..policies import Action, transfer_policy
from .dues import _user


def _text(value, field: str, *, required: bool = False) -> str:
    return clean_text(value, field=field, model=Transfer, required=required, single_line=True)


def _day(value: dt.date | None, field: str, *, after: dt.date | None = None) -> dt.date:
    day = value or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The date is in the future."), field=field)
    if after is not None and day < after:
        raise DomainError(_("The date is before %(day)s.") % {"day": after}, field=field)
    return day


@transaction.atomic
def transfer_request(*, actor, member: PartyMember, to_org: PartyOrg | None = None,
                     to_external: str = "", reason: str = "", letter_number: str = "",
                     requested_on: dt.date | None = None) -> Transfer:
    """Open a transfer of ``member`` out of their branch: to ``to_org`` in the district or
    to an organisation outside it (``to_external`` with a ``reason``). Refused: a branch
    out of the actor's scope, no destination or both, the member's own branch, a member
    with a transfer already open or who has left."""
    member = (PartyMember.objects.select_for_update(of=("self",))
              .select_related("org", "resident").get(pk=member.pk))
    transfer_policy.require(actor, Action.MANAGE_TRANSFERS, member.org.path)
    to_external = _text(to_external, "to_external")
    reason = _text(reason, "reason")
    if (to_org is None) == (not to_external):
        raise DomainError(_("Choose the receiving organisation in the district, or name one "
                            "outside it."), code=MembershipErrorCode.NO_DESTINATION,
                          field="to_org")
    if to_org is not None and to_org.pk == member.org_id:
        raise DomainError(_("The member is already in %(org)s.") % {"org": to_org.name},
                          code=MembershipErrorCode.SAME_BRANCH, field="to_org")
    if to_external and not reason:
        raise DomainError(_("Say why the member leaves the district."),
                          code=ErrorCode.REQUIRED, field="reason")
    if Transfer.objects.filter(member=member, state=TransferState.CONFIRMED,
                               to_org__isnull=True).exists():
        raise Conflict(_("The member has left the district."),
                       code=MembershipErrorCode.MEMBER_LEFT, field="member")
    if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
        raise Conflict(_("The member already has a transfer under way."),
                       code=MembershipErrorCode.TRANSFER_OPEN, field="member")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                member=member, from_org=member.org, to_org=to_org, to_external=to_external,
                reason=reason, letter_number=_text(letter_number, "letter_number"),
                requested_on=_day(requested_on, "requested_on"), created_by=_user(actor),
                path=member.org.path, to_path=to_org.path if to_org else "")
    except IntegrityError:
        raise Conflict(_("The member already has a transfer under way."),
                       code=MembershipErrorCode.TRANSFER_OPEN, field="member") from None
    audit.record(actor=actor, action="transfer_request", entity="transfer", entity_id=transfer.pk,
                 summary=f"{member.resident.name} → {transfer.destination}",
                 after={"from": member.org.name, "to": transfer.destination, "reason": reason})
    return transfer


def _locked(transfer: Transfer, *, expect: tuple[str, ...]) -> Transfer:
    row = (Transfer.objects.select_for_update(of=("self",))
           .select_related("member", "from_org", "to_org")
           .get(pk=transfer.pk))
    if row.state not in expect:
        raise Conflict(_("The transfer is %(state)s; it cannot change this way.")
                       % {"state": row.get_state_display()},
                       code=MembershipErrorCode.INVALID_TRANSITION, field="state")
    return row


def _audit(actor, t: Transfer, action: str, before: str, **after) -> None:
    audit.record(actor=actor, action=action, entity="transfer", entity_id=t.pk,
                 summary=f"{t.member} → {t.destination}", before={"state": before},
                 after={"state": t.state, **after})


@transaction.atomic
def transfer_send(*, actor, transfer: Transfer, letter_number: str,
                  sent_on: dt.date | None = None) -> Transfer:
    """The sending branch issued the introduction letter (its number is required)."""
    transfer_policy.require(actor, Action.MANAGE_TRANSFERS, transfer.path)
    t = _locked(transfer, expect=(TransferState.REQUESTED,))
    t.letter_number = _text(letter_number, "letter_number", required=True)
    t.sent_on = _day(sent_on, "sent_on", after=t.requested_on)
    t.state = TransferState.SENT
    t.save(update_fields=["letter_number", "sent_on", "state"])
    _audit(actor, t, "transfer_send", TransferState.REQUESTED, letter=t.letter_number)
    return t


def _may_receive(actor, t: Transfer) -> None:
    """Inside the district the receiving branch confirms; outside it, the sending branch
    records the receiver's confirmation (回执)."""
    transfer_policy.require(actor, Action.VIEW_BRANCH, t)
    place = t.to_path or t.path
    if not transfer_policy.can(actor, Action.MANAGE_TRANSFERS, place):
        raise Forbidden()


@transaction.atomic
def transfer_confirm(*, actor, transfer: Transfer, confirmed_on: dt.date | None = None) -> Transfer:
    """The receiving organisation confirmed: the member moves to it now (their dues rows
    follow the new branch's place), or, for a transfer out of the district, their dues
    stop. A second confirmation finds the transfer confirmed and is refused."""
    _may_receive(actor, transfer)
    t = _locked(transfer, expect=(TransferState.SENT,))
    t.confirmed_on = _day(confirmed_on, "confirmed_on", after=t.sent_on)
    t.state = TransferState.CONFIRMED
    t.save(update_fields=["confirmed_on", "state"])
    member = PartyMember.objects.select_for_update().get(pk=t.member_id)
    if member.org_id != t.from_org_id:
        raise Conflict(_("The member's organisation changed since the request."),
                       code=MembershipErrorCode.INVALID_TRANSITION, field="state")
    if t.to_org_id:
        PartyMember.objects.filter(pk=member.pk).update(org=t.to_org)
        DuesProfile.objects.filter(member=member).update(path=t.to_org.path)
        audit.record(actor=actor, action="move_org", entity="party_member", entity_id=member.pk,
                     summary=str(member), before={"org": t.from_org.name},
                     after={"org": t.to_org.name})
    _audit(actor, t, "transfer_confirm", TransferState.SENT)
    user_id = member.resident.user_id
    if user_id:
        notify(recipients=[user_id], kind="membership_transfer",
               title=_("Your membership is now with %(org)s") % {"org": t.destination})
    return t


@transaction.atomic
def transfer_return(*, actor, transfer: Transfer, reason: str) -> Transfer:
    """The receiving organisation sent the transfer back (a wrong letter, not theirs): the
    member stays where they are; a new transfer may be requested."""
    _may_receive(actor, transfer)
    t = _locked(transfer, expect=OPEN_STATES)
    before = t.state
    t.returned_reason = _text(reason, "reason", required=True)[:200]
    t.state = TransferState.RETURNED
    t.save(update_fields=["returned_reason", "state"])
    _audit(actor, t, "transfer_return", before, reason=t.returned_reason)
    return t


def has_left(member: PartyMember) -> bool:
    return Transfer.objects.filter(member=member, state=TransferState.CONFIRMED,
                                   to_org__isnull=True).exists()

