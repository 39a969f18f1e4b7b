"""Writes for selections (评选). Workflow, one function per step:

    nominating --selection_open_voting--> voting --(window closes)--> selection_publish
                                                                       --> published

Nominations come from staff or residents of the community, with a reason; staff accept or
reject them. A vote is refused when the window is not open, when the voter does not live
in the community (out of scope), when the candidate is not an accepted nomination of this
selection, and when the voter has no vote left or already voted for that candidate —
checked here for a clear answer, and enforced by unique constraints for concurrent
requests. Every vote is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.registry.selectors import is_within, lives_in, resident_of

from ..errors import CampaignErrorCode
from ..models import (
    Nomination,
    NominationState,
    Selection,
    SelectionKind,
    SelectionState,
    Vote,
)
from ..policies import Action, selection_policy


@transaction.atomic
def selection_create(*, actor, community, title: str, kind: str, description: str = "",
                     votes_per_voter: int = 1, winners: int = 1,
                     hide_results: bool = True) -> Selection:
    """Open a selection for nominations in a community."""
    selection_policy.require(actor, Action.MANAGE_SELECTIONS, community)
    title, description = _texts(title, description)
    if not 1 <= int(votes_per_voter) <= 20:
        raise DomainError(_("Between 1 and 20 votes per resident."), field="votes_per_voter")
    if kind not in SelectionKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    selection = Selection.objects.create(
        title=title, kind=kind, community=community, description=description,
        votes_per_voter=int(votes_per_voter), winners=max(1, int(winners)),
        hide_results=bool(hide_results),
        created_by=actor if getattr(actor, "pk", None) else None, path=community.path)
    audit.record(actor=actor, action="create", entity="selection", entity_id=selection.pk,
                 summary=selection.title,
                 after={"votes_per_voter": selection.votes_per_voter,
                        "hide_results": selection.hide_results})
    return selection


def _texts(title, description) -> tuple[str, str]:
    return (clean_text(title, field="title", limit=limit_of(Selection, "title"),
                       required=True, required_message=_("Title is required.")),
            clean_text(description, field="description",
                       limit=limit_of(Selection, "description")))


@transaction.atomic
def selection_update(*, actor, selection: Selection, title: str, kind: str,
                     description: str = "", votes_per_voter: int = 1, winners: int = 1,
                     hide_results: bool = True) -> Selection:
    """Change a selection while it takes nominations; once voting opens its rules are
    fixed, so every voter votes under the same ones."""
    selection_policy.require(actor, Action.MANAGE_SELECTIONS, selection)
    title, description = _texts(title, description)
    if kind not in SelectionKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if not 1 <= int(votes_per_voter) <= 20:
        raise DomainError(_("Between 1 and 20 votes per resident."), field="votes_per_voter")
    if int(winners) < 1:
        raise DomainError(_("At least one winner."), field="winners")
    fields = {"title": title, "kind": kind, "description": description,
              "votes_per_voter": int(votes_per_voter), "winners": int(winners),
              "hide_results": bool(hide_results)}
    before = {k: getattr(selection, k) for k in fields}
    done = Selection.objects.filter(pk=selection.pk, state=SelectionState.NOMINATING).update(
        **fields)
    if not done:
        raise Conflict(_("Voting has opened: the selection can no longer be changed."),
                       code=CampaignErrorCode.INVALID_TRANSITION)
    selection.refresh_from_db()
    b, a = audit.diff(before, fields)
    if a:
        audit.record(actor=actor, action="update", entity="selection", entity_id=selection.pk,
                     summary=selection.title, before=b, after=a)
    return selection


@transaction.atomic
def nomination_submit(*, actor, selection: Selection, nominee: str, reason: str,
                      household=None, building=None) -> Nomination:
    """Nominate a family, neighbours or a building, with a reason (staff in scope, or a
    resident of the community), while nominations are open."""
    resident = resident_of(actor)
    if not lives_in(resident, selection.path) and not selection_policy.can(
            actor, Action.MANAGE_SELECTIONS, selection):
        raise NotFound()
    if selection.state != SelectionState.NOMINATING:
        raise Conflict(_("Nominations are closed."), code=CampaignErrorCode.NOMINATIONS_CLOSED)
    nominee = clean_text(nominee, field="nominee", limit=limit_of(Nomination, "nominee"),
                         required=True, required_message=_("Name the nominee."))
    reason = clean_text(reason, field="reason", limit=limit_of(Nomination, "reason"))
    if len(reason) < 5:
        raise DomainError(_("Give a reason of a few words."), code=ErrorCode.REQUIRED, field="reason")
    for place, field in ((household, "household"), (building, "building")):
        if place is not None and not is_within(place.path, selection.path):
            raise DomainError(_("Choose a place in this community."), field=field)
    row = Nomination.objects.create(
        selection=selection, nominee=nominee, reason=reason, household=household,
        building=building, nominated_by=actor if getattr(actor, "pk", None) else None,
        path=selection.path)
    audit.record(actor=actor, action="nominate", entity="selection", entity_id=selection.pk,
                 summary=nominee, after={"nomination": row.pk})
    return row


@transaction.atomic
def nomination_review(*, actor, nomination: Nomination, accept: bool,
                      note: str = "") -> Nomination:
    """Staff accept a nomination as a candidate, or reject it with a note."""
    selection_policy.require(actor, Action.MANAGE_SELECTIONS, nomination)
    if nomination.selection.state != SelectionState.NOMINATING:
        raise Conflict(_("Nominations are closed."), code=CampaignErrorCode.NOMINATIONS_CLOSED)
    note = clean_text(note, field="note", limit=limit_of(Nomination, "review_note"),
                      required=not accept, required_message=_("Give a reason."))
    new = NominationState.ACCEPTED if accept else NominationState.REJECTED
    done = Nomination.objects.filter(pk=nomination.pk, state=NominationState.SUBMITTED).update(
        state=new, review_note=note)
    if not done:
        raise Conflict(_("This nomination has already been reviewed."),
                       code=CampaignErrorCode.INVALID_TRANSITION)
    nomination.state = new
    audit.record(actor=actor, action=f"nomination_{new}", entity="selection",
                 entity_id=nomination.selection_id, summary=nomination.nominee)
    return nomination


@transaction.atomic
def selection_open_voting(*, actor, selection: Selection, opens_at: dt.datetime,
                          closes_at: dt.datetime) -> Selection:
    """Close nominations and set the voting window (needs at least one candidate)."""
    selection_policy.require(actor, Action.MANAGE_SELECTIONS, selection)
    if closes_at <= opens_at:
        raise DomainError(_("The end must be after the start."), field="closes_at")
    if not selection.nominations.filter(state=NominationState.ACCEPTED).exists():
        raise DomainError(_("Accept at least one candidate first."), field="nominations")
    done = Selection.objects.filter(pk=selection.pk, state=SelectionState.NOMINATING).update(
        state=SelectionState.VOTING, vote_opens_at=opens_at, vote_closes_at=closes_at)
    if not done:
        raise Conflict(_("Voting has already been opened."), code=CampaignErrorCode.INVALID_TRANSITION)
    selection.refresh_from_db()
    audit.record(actor=actor, action="open_voting", entity="selection", entity_id=selection.pk,
                 after={"opens_at": opens_at, "closes_at": closes_at})
    return selection


def voting_open(selection: Selection, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (selection.state == SelectionState.VOTING and selection.vote_opens_at is not None
            and selection.vote_opens_at <= now < selection.vote_closes_at)


@transaction.atomic
def vote_cast(*, actor, selection: Selection, nomination: Nomination) -> Vote:
    """One resident's vote for one candidate (see the module docstring for refusals)."""
    voter = resident_of(actor)
    if voter is None:
        raise Forbidden(_("Only residents vote."), code=CampaignErrorCode.NOT_A_RESIDENT)
    if not lives_in(voter, selection.path):
        raise Forbidden(_("Only residents of this community may vote here."),
                        code=ErrorCode.OUT_OF_SCOPE)
    if not voting_open(selection):
        raise Conflict(_("Voting is not open."), code=CampaignErrorCode.VOTING_CLOSED)
    if nomination.selection_id != selection.pk or nomination.state != NominationState.ACCEPTED:
        raise DomainError(_("This is not a candidate of this selection."),
                          code=CampaignErrorCode.NOT_A_CANDIDATE, field="nomination")
    mine = list(Vote.objects.filter(selection=selection, voter=voter).values_list(
        "nomination_id", "slot"))
    if any(n == nomination.pk for n, _s in mine):
        raise Conflict(_("You have already voted for this candidate."),
                       code=CampaignErrorCode.ALREADY_VOTED)
    used = {s for _n, s in mine}
    free = [s for s in range(1, selection.votes_per_voter + 1) if s not in used]
    if not free:
        raise Conflict(_("You have used all your votes in this selection."),
                       code=CampaignErrorCode.NO_VOTES_LEFT)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(selection=selection, nomination=nomination, voter=voter,
                                       slot=free[0], path=voter.path)
    except IntegrityError as exc:  # the same voter's concurrent request won the slot
        raise Conflict(_("You have used all your votes in this selection."),
                       code=CampaignErrorCode.NO_VOTES_LEFT) from exc
    audit.record(actor=actor, action="vote", entity="selection", entity_id=selection.pk,
                 summary=f"vote {vote.pk}", after={"nomination": nomination.pk,
                                                   "slot": vote.slot})
    return vote


@transaction.atomic
def selection_publish(*, actor, selection: Selection) -> Selection:
    """After the window closes: count the votes, rank the candidates and publish."""
    selection_policy.require(actor, Action.MANAGE_SELECTIONS, selection)
    if selection.state != SelectionState.VOTING or timezone.now() < selection.vote_closes_at:
        raise Conflict(_("Publish after voting has closed."), code=CampaignErrorCode.INVALID_TRANSITION)
    counts = dict(Vote.objects.filter(selection=selection).values("nomination_id")
                  .annotate(n=Count("id")).values_list("nomination_id", "n"))
    candidates = sorted(selection.nominations.filter(state=NominationState.ACCEPTED),
                        key=lambda n: (-counts.get(n.pk, 0), n.pk))
    for rank, n in enumerate(candidates, start=1):
        Nomination.objects.filter(pk=n.pk).update(votes=counts.get(n.pk, 0), rank=rank)
    done = Selection.objects.filter(pk=selection.pk, state=SelectionState.VOTING).update(
        state=SelectionState.PUBLISHED)
    if not done:
        raise NotFound()
    selection.refresh_from_db()
    audit.record(actor=actor, action="publish", entity="selection", entity_id=selection.pk,
                 after={"votes": sum(counts.values())})
    return selection
