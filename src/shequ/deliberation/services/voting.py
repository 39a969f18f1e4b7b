"""The 议事会's votes and decisions. The database holds one vote per member per matter per
meeting (a unique constraint; two clerks recording the same vote at once get one row and a
refusal). A secret ballot's row records only that the person voted; the counts on the
agenda item are exact. A decision needs the quorum, a majority of the attendees voting and
a matter the party committee approved for deliberation."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError

from ..errors import DeliberationErrorCode
from ..models import AgendaItem, Invitee, MatterStatus, Meeting, Step, Vote, VoteChoice
from ..policies import Action, meeting_policy
from . import history
from .meetings import _council, open_meeting, quorum

_COLUMN = {VoteChoice.FOR: "votes_for", VoteChoice.AGAINST: "votes_against",
           VoteChoice.ABSTAIN: "votes_abstain"}


def _no_quorum(meeting: Meeting) -> DomainError | None:
    present, invited, met = quorum(meeting)
    if met:
        return None
    return DomainError(
        _("No quorum: %(present)d of %(invited)d invitees are present, %(num)d/%(den)d are "
          "needed.") % {"present": present, "invited": invited, "num": meeting.quorum_num,
                        "den": meeting.quorum_den}, code=DeliberationErrorCode.NO_QUORUM, field="present")


@transaction.atomic
def vote_cast(*, actor, item: AgendaItem, invitee: Invitee, choice: str) -> Vote:
    """Record an attendee's vote on a matter: for, against or abstain. Refused without
    the quorum, for someone absent, once decided, and for a second vote (409)."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, item.meeting)
    meeting = open_meeting(item.meeting)
    _council(meeting, "item")
    if choice not in _COLUMN:
        raise DomainError(_("Vote for, against or abstain."), field="choice")
    if invitee.meeting_id != meeting.pk or item.meeting_id != meeting.pk:
        raise DomainError(_("Not an invitee of this meeting."), field="invitee")
    if (refusal := _no_quorum(meeting)) is not None:
        raise refusal
    if not Invitee.objects.filter(pk=invitee.pk, present=True).exists():
        raise DomainError(_("Only attendees vote; %(name)s is not marked present.")
                          % {"name": invitee.name}, code=DeliberationErrorCode.NOT_PRESENT, field="invitee")
    if AgendaItem.objects.filter(pk=item.pk, decided=True).exists():
        raise Conflict(_("This matter has been decided."), code=DeliberationErrorCode.INVALID_TRANSITION,
                       field="item")
    stored = "" if meeting.secret_ballot else choice
    try:
        with transaction.atomic():
            vote = Vote.objects.create(item=item, invitee=invitee, choice=stored)
    except IntegrityError:
        raise Conflict(_("%(name)s has already voted on this matter.") % {"name": invitee.name},
                       code=DeliberationErrorCode.ALREADY_VOTED, field="invitee") from None
    column = _COLUMN[choice]
    AgendaItem.objects.filter(pk=item.pk).update(**{column: F(column) + 1})
    audit.record(actor=actor, action="vote", entity="meeting", entity_id=meeting.pk,
                 summary=f"{item} — {invitee.name}",
                 after=None if meeting.secret_ballot else {"vote": choice})
    return vote


@transaction.atomic
def item_decide(*, actor, item: AgendaItem, note: str = ""):
    """Record the decision on a matter from its votes: passed when more than half of the
    attendees voted for. Refused without the quorum, while fewer than a majority of the
    attendees have voted, and for a matter not approved by the pre-review."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, item.meeting)
    meeting = open_meeting(item.meeting)
    _council(meeting, "item")
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.matter_id is None:
        raise DomainError(_("Only matters are decided by vote."), field="item")
    if item.decided:
        raise Conflict(_("This matter has been decided."), code=DeliberationErrorCode.INVALID_TRANSITION,
                       field="item")
    matter = history.locked(item.matter)
    if matter.reviewed_at is None or matter.status != MatterStatus.SCHEDULED:
        raise DomainError(_("The party committee has not approved this matter for "
                            "deliberation; it cannot be decided."), code=DeliberationErrorCode.NOT_REVIEWED,
                          field="item")
    if (refusal := _no_quorum(meeting)) is not None:
        raise refusal
    present, _invited, _met = quorum(meeting)
    cast = item.votes_for + item.votes_against + item.votes_abstain
    if cast * 2 <= present:
        raise DomainError(_("%(cast)d of %(present)d attendees have voted; a majority of the "
                            "attendees must vote.") % {"cast": cast, "present": present},
                          code=DeliberationErrorCode.NO_MAJORITY, field="item")
    passed = item.votes_for * 2 > present
    item.decided = True
    item.save(update_fields=["decided"])
    to = MatterStatus.PASSED if passed else MatterStatus.REJECTED
    counts = {"votes_for": item.votes_for, "votes_against": item.votes_against,
              "votes_abstain": item.votes_abstain}
    note = note or _("%(for)d for, %(against)d against, %(abstain)d abstaining, "
                     "%(present)d present") % {"for": item.votes_for,
                                               "against": item.votes_against,
                                               "abstain": item.votes_abstain,
                                               "present": present}
    return history.move(actor=actor, matter=matter, step=Step.DECIDE, to=to, note=note[:2000],
                        fields={"decided_at": timezone.now(), **counts})
