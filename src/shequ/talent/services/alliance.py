"""Writes of the entrepreneur alliance (社区创业者联盟): members join and leave, monthly
help sessions and salons are recorded with their attendance and notes, and each session's
follow-ups have an owner and a due date until they are done."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text, limit_of
from shequ.registry.selectors import is_within

from ..errors import TalentErrorCode
from ..models import AllianceMember, FollowUp, HelpSession, SessionKind
from ..policies import Action, followup_policy, member_policy, session_policy


@transaction.atomic
def member_join(*, actor, community, resident=None, unit=None, business: str = "",
                joined_on: dt.date | None = None) -> AllianceMember:
    """A resident or a unit of the community joins its alliance (once)."""
    member_policy.require(actor, Action.MANAGE_TALENT, community)
    if (resident is None) == (unit is None):
        raise DomainError(_("Choose a resident or a unit."), field="resident")
    place = resident.path if resident is not None else unit.path
    if not is_within(place, community.path):
        raise DomainError(_("They are not of this community."),
                          field="resident" if resident is not None else "unit")
    business = clean_text(business, field="business", limit=limit_of(AllianceMember, "business"))
    try:
        with transaction.atomic():
            row = AllianceMember.objects.create(
                community=community, resident=resident, unit=unit, business=business,
                joined_on=joined_on or timezone.localdate(), path=community.path)
    except IntegrityError as exc:
        raise Conflict(_("Already a member of the alliance."), code=ErrorCode.DUPLICATE) from exc
    audit.record(actor=actor, action="member_join", entity="alliance_member", entity_id=row.pk,
                 summary=row.name)
    return row


@transaction.atomic
def member_leave(*, actor, member: AllianceMember) -> AllianceMember:
    """A member leaves; their sessions and follow-ups stay on record."""
    member_policy.require(actor, Action.MANAGE_TALENT, member)
    if not AllianceMember.objects.filter(pk=member.pk, is_active=True).update(is_active=False):
        raise Conflict(_("Not an active member."), code=TalentErrorCode.NOT_A_MEMBER)
    member.is_active = False
    audit.record(actor=actor, action="member_leave", entity="alliance_member",
                 entity_id=member.pk, summary=member.name)
    return member


def _session_texts(title, place, notes) -> tuple[str, str, str]:
    return (clean_text(title, field="title", limit=limit_of(HelpSession, "title"), required=True,
                       required_message=_("The topic is required.")),
            clean_text(place, field="place", limit=limit_of(HelpSession, "place")),
            clean_text(notes, field="notes", limit=limit_of(HelpSession, "notes")))


@transaction.atomic
def session_add(*, actor, community, kind: str, title: str, held_on: dt.date,
                place: str = "", notes: str = "") -> HelpSession:
    """A monthly help session or a 头脑风暴/众创思变 salon of the community's alliance."""
    session_policy.require(actor, Action.MANAGE_TALENT, community)
    if kind not in SessionKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    title, place, notes = _session_texts(title, place, notes)
    row = HelpSession.objects.create(community=community, kind=kind, title=title,
                                     held_on=held_on, place=place, notes=notes,
                                     created_by=user_of(actor), path=community.path)
    audit.record(actor=actor, action="session_add", entity="help_session", entity_id=row.pk,
                 summary=row.title)
    return row


@transaction.atomic
def session_update(*, actor, session: HelpSession, title: str, held_on: dt.date,
                   place: str = "", notes: str = "") -> HelpSession:
    """Change a session's topic, date, place or notes (a salon's notes grow after it)."""
    session_policy.require(actor, Action.MANAGE_TALENT, session)
    title, place, notes = _session_texts(title, place, notes)
    before = {"title": session.title, "held_on": session.held_on, "place": session.place,
              "notes": session.notes}
    after = {"title": title, "held_on": held_on, "place": place, "notes": notes}
    HelpSession.objects.filter(pk=session.pk).update(**after)
    for k, v in after.items():
        setattr(session, k, v)
    b, a = audit.diff(before, after)
    if a:
        audit.record(actor=actor, action="session_update", entity="help_session",
                     entity_id=session.pk, summary=title, before=b, after=a)
    return session


@transaction.atomic
def attendance_set(*, actor, session: HelpSession, member_ids: list[int]) -> int:
    """Who came: active members of the session's community (others are refused)."""
    session_policy.require(actor, Action.MANAGE_TALENT, session)
    ids = set(member_ids)
    members = list(AllianceMember.objects.filter(pk__in=ids, community_id=session.community_id,
                                                 is_active=True))
    if len(members) != len(ids):
        raise DomainError(_("Only active members of this community's alliance can attend."),
                          code=TalentErrorCode.NOT_A_MEMBER, field="present")
    before = sorted(session.attendees.values_list("pk", flat=True))
    session.attendees.set(members)
    audit.record(actor=actor, action="attendance", entity="help_session", entity_id=session.pk,
                 before={"present": before}, after={"present": sorted(ids)})
    return len(members)


@transaction.atomic
def follow_up_add(*, actor, session: HelpSession, text: str, owner, due: dt.date,
                  member: AllianceMember | None = None) -> FollowUp:
    """A follow-up of a session: what, for which member (optional), who owns it, by when.
    The owner must be able to see the session (staff of the community)."""
    session_policy.require(actor, Action.MANAGE_TALENT, session)
    text = clean_text(text, field="text", limit=limit_of(FollowUp, "text"), required=True,
                      required_message=_("Say what is to be done."))
    if member is not None and member.community_id != session.community_id:
        raise DomainError(_("Only members of this community's alliance."), field="member",
                          code=TalentErrorCode.NOT_A_MEMBER)
    if owner is None or not session_policy.can(owner, Action.VIEW_TALENT, session):
        raise DomainError(_("The owner must be staff who can see this session."), field="owner")
    if due < session.held_on:
        raise DomainError(_("The due date cannot be before the session."), field="due")
    row = FollowUp.objects.create(session=session, member=member, text=text, owner=owner,
                                  due=due, path=session.path)
    audit.record(actor=actor, action="follow_up_add", entity="help_session",
                 entity_id=session.pk, summary=text)
    return row


@transaction.atomic
def follow_up_done(*, actor, follow_up: FollowUp) -> FollowUp:
    """Its owner or staff of the community mark a follow-up done (once)."""
    if follow_up.owner_id != getattr(actor, "pk", None):
        followup_policy.require(actor, Action.MANAGE_TALENT, follow_up)
    now = timezone.now()
    if not FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(done_at=now):
        raise Conflict(_("Already done."), code=TalentErrorCode.ALREADY_DONE)
    follow_up.done_at = now
    audit.record(actor=actor, action="follow_up_done", entity="help_session",
                 entity_id=follow_up.session_id, summary=follow_up.text)
    return follow_up
