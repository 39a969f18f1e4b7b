"""Writes for 三会一课: plan or record a meeting (a held date never in the future), sign in
by QR (members of the branch only, on the meeting's day), roll call from the branch's
member list, photos, and a district's requirements."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.core.uploads import check_photo
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember
from shequ.registry.selectors import resident_of
from shequ.territory.models import Area, AreaKind

from ..errors import BranchErrorCode
from ..models import (
    BRANCH_KINDS,
    AttendanceMethod,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingPhoto,
    MeetingRule,
)
from ..policies import Action, meeting_policy, rule_policy
from ..selectors.members import branch_members, in_branch


def require_branch(org: PartyOrg) -> None:
    if org.kind not in BRANCH_KINDS:
        raise DomainError(_("Choose a party branch."), code=BranchErrorCode.NOT_A_BRANCH,
                          field="branch")


def _held_on(held_on):
    if held_on is not None and held_on > timezone.localdate():
        raise DomainError(_("A meeting cannot be recorded as held on a future date."),
                          code=BranchErrorCode.FUTURE_DATE, field="held_on")
    return held_on


def _texts(topic, place, minutes) -> tuple[str, str, str]:
    return (clean_text(topic, field="topic", limit=limit_of(Meeting, "topic"), required=True,
                       required_message=_("Topic is required."), single_line=True),
            clean_text(place, field="place", limit=limit_of(Meeting, "place"), single_line=True),
            clean_text(minutes, field="minutes", limit=8000))


@transaction.atomic
def meeting_create(*, actor, branch: PartyOrg, kind: str, topic: str, planned_on,
                   held_on=None, place: str = "", minutes: str = "") -> Meeting:
    """A 三会一课 record of a branch, planned or already held (never dated in the future)."""
    meeting_policy.require(actor, Action.MANAGE_BRANCHES, branch)
    require_branch(branch)
    if kind not in MeetingKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    topic, place, minutes = _texts(topic, place, minutes)
    _held_on(held_on)
    row = Meeting.objects.create(
        branch=branch, kind=kind, topic=topic, planned_on=planned_on, held_on=held_on,
        place=place, minutes=minutes, checkin_token=secrets.token_urlsafe(16)[:22],
        created_by=actor if getattr(actor, "pk", None) else None, path=branch.path)
    audit.record(actor=actor, action="create", entity="meeting", entity_id=row.pk,
                 summary=row.topic, after={"kind": kind, "planned_on": planned_on,
                                           "held_on": held_on})
    return row


def _state(m: Meeting) -> dict:
    return {"topic": m.topic, "planned_on": m.planned_on, "held_on": m.held_on,
            "place": m.place, "minutes": m.minutes}


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, topic: str, planned_on, held_on=None,
                   place: str = "", minutes: str = "") -> Meeting:
    """Record when a meeting was held and its minutes. Once members signed in, it stays
    held (its date may be corrected, not removed)."""
    meeting_policy.require(actor, Action.MANAGE_BRANCHES, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    topic, place, minutes = _texts(topic, place, minutes)
    _held_on(held_on)
    if held_on is None and meeting.attendances.exists():
        raise Conflict(_("Members have signed in: the meeting was held."),
                       code=BranchErrorCode.NOT_HELD, field="held_on")
    before = _state(meeting)
    meeting.topic, meeting.planned_on, meeting.held_on = topic, planned_on, held_on
    meeting.place, meeting.minutes = place, minutes
    meeting.save(update_fields=list(before))
    b, a = audit.diff(before, _state(meeting))
    if a:
        audit.record(actor=actor, action="update", entity="meeting", entity_id=meeting.pk,
                     summary=meeting.topic, before=b, after=a)
    return meeting


def _attend(meeting: Meeting, member: PartyMember, method: str) -> MeetingAttendance:
    try:
        with transaction.atomic():
            return MeetingAttendance.objects.create(meeting=meeting, member=member,
                                                    method=method, path=meeting.path)
    except IntegrityError as exc:
        raise Conflict(_("Already signed in."),
                       code=BranchErrorCode.ALREADY_CHECKED_IN) from exc


@transaction.atomic
def meeting_check_in(*, actor, token: str) -> MeetingAttendance:
    """A party member of the branch (or of one of its 党小组) scans the meeting's QR code
    on the day of the meeting; the first sign-in records the meeting as held that day."""
    meeting = Meeting.objects.select_for_update().filter(checkin_token=token).first()
    resident = resident_of(actor)
    if meeting is None or resident is None:
        raise NotFound()
    member = PartyMember.objects.filter(resident=resident).first()
    if member is None or not in_branch(member, meeting.branch_id):
        raise Forbidden(_("Only members of this branch can sign in to its meetings."),
                        code=BranchErrorCode.NOT_IN_BRANCH)
    today = timezone.localdate()
    if (meeting.held_on or meeting.planned_on) != today:
        raise Conflict(_("Sign-in is open on the day of the meeting only."),
                       code=BranchErrorCode.CHECKIN_CLOSED)
    row = _attend(meeting, member, AttendanceMethod.QR)
    if meeting.held_on is None:
        Meeting.objects.filter(pk=meeting.pk).update(held_on=today)
    audit.record(actor=actor, action="sign_in", entity="meeting", entity_id=meeting.pk)
    return row


@transaction.atomic
def meeting_roll_call(*, actor, meeting: Meeting, member_ids: list[int]) -> int:
    """Staff record who attended a held meeting, from the branch's member list; an id of
    someone outside the branch refuses the whole call. Recorded ones are skipped."""
    meeting_policy.require(actor, Action.MANAGE_BRANCHES, meeting)
    if meeting.held_on is None:
        raise Conflict(_("Record the date the meeting was held first."),
                       code=BranchErrorCode.NOT_HELD, field="held_on")
    ids = set(member_ids)
    members = {m.pk: m for m in branch_members(meeting.branch_id).filter(pk__in=ids)}
    if ids - set(members):
        raise DomainError(_("Only members of this branch can be marked present."),
                          code=BranchErrorCode.NOT_IN_BRANCH, field="members")
    done = set(meeting.attendances.values_list("member_id", flat=True))
    rows = [MeetingAttendance(meeting=meeting, member=m, method=AttendanceMethod.ROLL_CALL,
                              path=meeting.path)
            for pk, m in members.items() if pk not in done]
    MeetingAttendance.objects.bulk_create(rows)
    audit.record(actor=actor, action="roll_call", entity="meeting", entity_id=meeting.pk,
                 after={"recorded": len(rows)})
    return len(rows)


@transaction.atomic
def meeting_photo_add(*, actor, meeting: Meeting, photo) -> MeetingPhoto:
    """A photo of a meeting (JPEG or PNG, at most 8 MB)."""
    meeting_policy.require(actor, Action.MANAGE_BRANCHES, meeting)
    if photo is None:
        raise DomainError(_("Choose a photo."), code=BranchErrorCode.BAD_PHOTO, field="photo")
    check_photo(photo, field="photo", code=BranchErrorCode.BAD_PHOTO)
    row = MeetingPhoto(meeting=meeting, uploaded_by=actor if getattr(actor, "pk", None)
                       else None)
    row.image.save(f"meeting-{meeting.pk}.{'png' if photo.name.lower().endswith('png') else 'jpg'}",
                   photo, save=True)
    audit.record(actor=actor, action="add_photo", entity="meeting", entity_id=meeting.pk)
    return row


@transaction.atomic
def rule_set(*, actor, district: Area, kind: str, every_months: int, times: int
             ) -> MeetingRule:
    """A district's requirement for a kind of meeting: ``times`` every 1, 3, 6 or 12
    months (a quarterly 党课, a monthly 支委会 by default)."""
    rule_policy.require(actor, Action.CONFIGURE_RULES, district)
    if district.kind != AreaKind.DISTRICT:
        raise DomainError(_("Requirements are set per district."), field="district",
                          code=BranchErrorCode.BAD_RULE)
    if kind not in MeetingKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if int(every_months) not in (1, 3, 6, 12):
        raise DomainError(_("Every 1, 3, 6 or 12 months."), field="every_months",
                          code=BranchErrorCode.BAD_RULE)
    if not 1 <= int(times) <= 31:
        raise DomainError(_("Between 1 and 31 times."), field="times",
                          code=BranchErrorCode.BAD_RULE)
    row, _created = MeetingRule.objects.update_or_create(
        district=district, kind=kind,
        defaults={"every_months": int(every_months), "times": int(times),
                  "path": district.path})
    audit.record(actor=actor, action="set_rule", entity="meeting_rule", entity_id=row.pk,
                 after={"kind": kind, "every_months": row.every_months, "times": row.times})
    return row
