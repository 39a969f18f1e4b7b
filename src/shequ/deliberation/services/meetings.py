"""Meetings shared by the 议事会 and the 联席会议: creating one, its agenda, its invitees
(大党委 part-time members, 居委会 staff, residents' representatives), attendance and the
quorum, minutes and closing. Votes and decisions are in ``voting``; resolutions in
``joint``."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text
from shequ.notices.services import notify
from shequ.organizations.models import PartTimeMember
from shequ.registry.models import Resident
from shequ.registry.selectors import is_within

from ..errors import DeliberationErrorCode
from ..models import (
    AgendaItem,
    Invitee,
    InviteeKind,
    Matter,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Step,
)
from ..policies import Action, meeting_policy
from . import history


@transaction.atomic
def meeting_create(*, actor, community, kind: str, title: str, starts_at: dt.datetime,
                   place: str = "", secret_ballot: bool = False, quorum_num: int = 2,
                   quorum_den: int = 3) -> Meeting:
    """A 议事会 meeting (votes; named or secret ballot; quorum as a fraction of the
    invitees, 2/3 unless set) or a 大党委 联席会议 of a community."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, community)
    if kind not in MeetingKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    quorum_num, quorum_den = int(quorum_num or 0), int(quorum_den or 0)
    if not 1 <= quorum_num <= quorum_den <= 100:
        raise DomainError(_("The quorum is a fraction between 1/100 and 1 (e.g. 2/3)."),
                          field="quorum_num")
    meeting = Meeting.objects.create(
        community=community, path=community.path, kind=kind, starts_at=starts_at,
        title=clean_text(title, field="title", model=Meeting, required=True, single_line=True),
        place=clean_text(place, field="place", model=Meeting, single_line=True),
        secret_ballot=bool(secret_ballot) and kind == MeetingKind.COUNCIL,
        quorum_num=quorum_num, quorum_den=quorum_den, created_by=user_of(actor))
    audit.record(actor=actor, action="meeting_create", entity="meeting", entity_id=meeting.pk,
                 summary=meeting.title, after={"kind": kind, "secret_ballot":
                                               meeting.secret_ballot,
                                               "quorum": f"{quorum_num}/{quorum_den}"})
    return meeting


def open_meeting(meeting: Meeting, *, lock: bool = False) -> Meeting:
    """The meeting re-read (locked when asked); a closed meeting takes no more changes."""
    qs = Meeting.objects.select_for_update() if lock else Meeting.objects
    meeting = qs.get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CLOSED:
        raise Conflict(_("The meeting is closed."), code=DeliberationErrorCode.MEETING_CLOSED)
    return meeting


def _council(meeting: Meeting, field: str | None = None) -> None:
    if meeting.kind != MeetingKind.COUNCIL:
        raise DomainError(_("Only a deliberation council meeting votes on matters."),
                          code=DeliberationErrorCode.WRONG_MEETING_KIND, field=field)


@transaction.atomic
def agenda_add(*, actor, meeting: Meeting, matter: Matter | None = None,
               topic: str = "") -> AgendaItem:
    """Put a matter approved by the party committee's pre-review on a 议事会's agenda (a
    matter not pre-reviewed is refused), or a topic on a 联席会议's."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, meeting)
    meeting = open_meeting(meeting, lock=True)
    position = (meeting.items.aggregate(n=Max("position"))["n"] or 0) + 1
    if matter is None:
        topic = clean_text(topic, field="topic", model=AgendaItem, required=True,
                           single_line=True)
        item = AgendaItem.objects.create(meeting=meeting, position=position, topic=topic)
        audit.record(actor=actor, action="agenda_add", entity="meeting", entity_id=meeting.pk,
                     summary=topic)
        return item
    _council(meeting, "matter")
    matter = history.locked(matter)
    if matter.community_id != meeting.community_id:
        raise DomainError(_("The matter belongs to another community."), field="matter")
    if matter.reviewed_at is None:
        raise DomainError(_("The party committee has not approved this matter for "
                            "deliberation yet."), code=DeliberationErrorCode.NOT_REVIEWED, field="matter")
    history.move(actor=actor, matter=matter, step=Step.SCHEDULE, note=meeting.title)
    return AgendaItem.objects.create(meeting=meeting, position=position, matter=matter,
                                     topic=matter.title[:200])


def _who(meeting: Meeting, member, user, resident) -> tuple[str, dict, str, int | None]:
    """(kind, the foreign key, the name, the account to notify) of one invitee."""
    if sum(x is not None for x in (member, user, resident)) != 1:
        raise DomainError(_("Choose one person to invite."), field="person")
    if member is not None:
        if not isinstance(member, PartTimeMember) or not is_within(member.path,
                                                                   meeting.path):
            raise DomainError(_("Not a member of this community's committee."), field="member")
        return InviteeKind.COMMITTEE, {"member": member}, member.name, None
    if resident is not None:
        if not isinstance(resident, Resident) or not resident.is_active \
                or not is_within(resident.path, meeting.path):
            raise DomainError(_("Not a resident of this community."), field="resident")
        return InviteeKind.RESIDENT, {"resident": resident}, resident.name, resident.user_id
    if not isinstance(user, User) or not staff_accounts(meeting).filter(pk=user.pk).exists():
        raise DomainError(_("Not a staff account of this community."), field="user")
    name = user.get_full_name() or user.username
    return InviteeKind.STAFF, {"user": user}, name, user.pk


def staff_accounts(meeting_or_community):
    """The 居委会 staff accounts of the community (community staff granted there)."""
    community_id = getattr(meeting_or_community, "community_id", meeting_or_community.pk)
    return User.objects.filter(grants__role=Role.COMMUNITY_STAFF,
                               grants__area_id=community_id, is_active=True).distinct()


@transaction.atomic
def invitee_add(*, actor, meeting: Meeting, member: PartTimeMember | None = None,
                user: User | None = None, resident: Resident | None = None) -> Invitee:
    """Invite one person; someone with an account is told at once (通知)."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, meeting)
    meeting = open_meeting(meeting)
    kind, key, name, account = _who(meeting, member, user, resident)
    try:
        with transaction.atomic():
            invitee = Invitee.objects.create(meeting=meeting, kind=kind, name=name[:60], **key)
    except IntegrityError:
        raise Conflict(_("This person is already invited."), code=ErrorCode.DUPLICATE,
                       field="person") from None
    audit.record(actor=actor, action="invite", entity="meeting", entity_id=meeting.pk,
                 summary=name)
    if account:
        notify(recipients=[account], kind="meeting_invitation", title=meeting.title,
               body=_("You are invited: %(when)s, %(place)s")
               % {"when": f"{meeting.starts_at:%Y-%m-%d %H:%M}", "place": meeting.place},
               link=meeting.get_absolute_url())
    return invitee


@transaction.atomic
def attendance_set(*, actor, meeting: Meeting, present: list[int]) -> int:
    """Record who is present (the others are absent); returns how many are present.
    Attendance is fixed once a vote has been cast."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, meeting)
    meeting = open_meeting(meeting, lock=True)
    if meeting.items.filter(votes__isnull=False).exists():
        raise Conflict(_("Votes have been cast; attendance can no longer change."),
                       code=DeliberationErrorCode.INVALID_TRANSITION, field="present")
    ids = {int(i) for i in present}
    invitees = set(meeting.invitees.values_list("pk", flat=True))
    if ids - invitees:
        raise DomainError(_("Only invitees can be present."), field="present")
    meeting.invitees.update(present=False)
    n = meeting.invitees.filter(pk__in=ids).update(present=True)
    audit.record(actor=actor, action="attendance", entity="meeting", entity_id=meeting.pk,
                 summary=meeting.title, after={"present": n, "invited": len(invitees)})
    return n


def quorum(meeting: Meeting) -> tuple[int, int, bool]:
    """(present, invited, whether present/invited reaches the meeting's quorum)."""
    invited = meeting.invitees.count()
    present = meeting.invitees.filter(present=True).count()
    met = invited > 0 and present * meeting.quorum_den >= meeting.quorum_num * invited
    return present, invited, met


@transaction.atomic
def minutes_set(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    """纪要: the meeting's minutes (kept while it is open)."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, meeting)
    meeting = open_meeting(meeting, lock=True)
    meeting.minutes = clean_text(minutes, field="minutes", model=Meeting)
    meeting.save(update_fields=["minutes"])
    audit.record(actor=actor, action="minutes", entity="meeting", entity_id=meeting.pk,
                 summary=meeting.title)
    return meeting


@transaction.atomic
def meeting_close(*, actor, meeting: Meeting) -> Meeting:
    """Close the meeting once its minutes are written: no more changes."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, meeting)
    meeting = open_meeting(meeting, lock=True)
    if not meeting.minutes:
        raise DomainError(_("Write the minutes before closing the meeting."), field="minutes",
                          code=ErrorCode.REQUIRED)
    meeting.status = MeetingStatus.CLOSED
    meeting.save(update_fields=["status"])
    audit.record(actor=actor, action="meeting_close", entity="meeting", entity_id=meeting.pk,
                 summary=meeting.title)
    return meeting
