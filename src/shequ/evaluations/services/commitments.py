"""Commitments 承诺→践诺→述诺→评诺.

- publish (承诺): a party member for the community they live in, or a unit liaison for a
  part-time committee member (兼职委员) of their unit on a community's 大党委;
- record an action (践诺): a note, a photo or PDF as evidence, optionally the case,
  activity or volunteer record it was — looked up in the keeper's own scope, so nobody
  links what they cannot see — and the progress %;
- report (述诺): once, after which no action is added;
- rate (评诺): residents of the community and the committee (staff), 1–5, one rating per
  person (the database's unique constraint), never the keeper."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.campaigns import selectors as campaign_selectors
from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.core.uploads import MAX_PHOTO_BYTES, check_photo
from shequ.ledgers import selectors as ledger_selectors
from shequ.members import selectors as member_selectors
from shequ.members.policies import member_of
from shequ.volunteers import selectors as volunteer_selectors

from ..errors import EvaluationErrorCode
from ..models import (
    Commitment,
    CommitmentAction,
    CommitmentRating,
    CommitmentState,
    LinkKind,
    PersonKind,
)
from ..policies import Action, commitment_policy, liaison_unit_ids


def _period(start: dt.date | None, end: dt.date | None) -> None:
    if not start or not end or end < start:
        raise DomainError(_("The period must end on or after its first day."),
                          field="period_end")


@transaction.atomic
def commitment_publish(*, actor, title: str, period_start: dt.date, period_end: dt.date,
                       body: str = "", part_timer=None) -> Commitment:
    """承诺: publish a commitment for a period — as a party member (for the community they
    live in) or, given ``part_timer``, for a part-time committee member of a unit the actor
    is liaison for."""
    if not commitment_policy.holds(actor, Action.KEEP_COMMITMENTS):
        raise NotFound(code=EvaluationErrorCode.NOT_COMMITTER)
    title = clean_text(title, field="title", limit=limit_of(Commitment, "title"),
                       required=True, single_line=True)
    body = clean_text(body, field="body", limit=limit_of(Commitment, "body"))
    _period(period_start, period_end)
    if part_timer is not None:
        if part_timer.unit_id not in liaison_unit_ids(actor):
            raise NotFound(field="part_timer")
        committee = part_timer.committee
        fields = {"kind": PersonKind.PART_TIME, "person": part_timer.name,
                  "part_timer": part_timer, "org": committee, "unit_id": part_timer.unit_id,
                  "community": committee.area, "path": committee.area.path}
    else:
        member = member_of(actor)
        community = member_selectors.home_community(member) if member else None
        if community is None:
            raise NotFound(_("Only a party member or a unit liaison keeps commitments."),
                           code=EvaluationErrorCode.NOT_COMMITTER)
        fields = {"kind": PersonKind.PARTY_MEMBER, "person": member.resident.name,
                  "member": member, "org_id": member.org_id, "unit_id": member.unit_id,
                  "community": community, "path": community.path}
    row = Commitment.objects.create(user=actor, title=title, body=body,
                                    period_start=period_start, period_end=period_end,
                                    **fields)
    audit.record(actor=actor, action="publish_commitment", entity="commitment",
                 entity_id=row.pk, summary=title,
                 after={"person": row.person, "period_end": period_end.isoformat()})
    return row


def _evidence(upload) -> None:
    if upload is None:
        return
    head = upload.read(5)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if upload.size > MAX_PHOTO_BYTES:
            raise DomainError(_("The document is larger than 8 MB."), code=EvaluationErrorCode.BAD_EVIDENCE,
                              field="evidence")
        return
    check_photo(upload, field="evidence", code=EvaluationErrorCode.BAD_EVIDENCE)


def _link(actor, kind: str, link_id) -> str:
    """The label of the linked record, looked up as ``actor`` (NotFound, naming the field,
    for one they cannot see)."""
    try:
        if kind == LinkKind.CASE:
            return ledger_selectors.case_get_for_actor(actor, link_id).title
        if kind == LinkKind.ACTIVITY:
            return campaign_selectors.activity_get_for_actor(actor, link_id).title
        if kind == LinkKind.VOLUNTEER_RECORD:
            return volunteer_selectors.record_get_for_actor(actor, link_id).title
    except NotFound:
        raise NotFound(_("No such record among those you can see."), field="link_id") from None
    raise DomainError(_("Choose what kind of record it is."), field="link_kind")


def _keep(actor, commitment: Commitment) -> None:
    commitment_policy.require(actor, Action.KEEP_COMMITMENTS, commitment)
    if commitment.user_id != getattr(actor, "pk", None):
        raise NotFound()


@transaction.atomic
def action_record(*, actor, commitment: Commitment, note: str, done_on: dt.date,
                  evidence=None, link_kind: str = "", link_id=None,
                  progress: int | None = None) -> CommitmentAction:
    """践诺: record what was done, with evidence, while the commitment is not reported."""
    _keep(actor, commitment)
    note = clean_text(note, field="note", limit=limit_of(CommitmentAction, "note"),
                      required=True)
    if done_on is None or done_on > timezone.localdate():
        raise DomainError(_("Give the day it was done (not in the future)."), field="done_on")
    if progress is not None and not 0 <= int(progress) <= 100:
        raise DomainError(_("Progress is between 0 and 100 %."), code=EvaluationErrorCode.BAD_PROGRESS,
                          field="progress")
    _evidence(evidence)
    label = _link(actor, link_kind, link_id) if link_kind or link_id else ""
    if progress is not None:
        done = Commitment.objects.filter(pk=commitment.pk, state=CommitmentState.PUBLISHED
                                         ).update(progress=int(progress))
    else:
        done = Commitment.objects.filter(pk=commitment.pk,
                                         state=CommitmentState.PUBLISHED).exists()
    if not done:
        raise Conflict(_("This commitment is reported; no more actions are added."),
                       code=EvaluationErrorCode.COMMITMENT_REPORTED)
    row = CommitmentAction.objects.create(
        commitment=commitment, note=note, done_on=done_on, evidence=evidence or "",
        link_kind=link_kind if label else "", link_id=link_id if label else None,
        link_label=str(label)[:120], created_by=actor)
    audit.record(actor=actor, action="record_commitment_action", entity="commitment",
                 entity_id=commitment.pk, summary=note[:60],
                 after={"progress": progress, "link": f"{link_kind}:{link_id}" if label else ""})
    return row


@transaction.atomic
def commitment_report(*, actor, commitment: Commitment, report: str) -> Commitment:
    """述诺: report on the commitment once; rating opens."""
    _keep(actor, commitment)
    report = clean_text(report, field="report", limit=limit_of(Commitment, "report"),
                        required=True, required_message=_("Write the report."))
    now = timezone.now()
    done = Commitment.objects.filter(pk=commitment.pk, state=CommitmentState.PUBLISHED).update(
        state=CommitmentState.REPORTED, report=report, reported_at=now)
    if not done:
        raise Conflict(_("This commitment is already reported."),
                       code=EvaluationErrorCode.COMMITMENT_REPORTED)
    commitment.refresh_from_db()
    audit.record(actor=actor, action="report_commitment", entity="commitment",
                 entity_id=commitment.pk, summary=commitment.title,
                 after={"progress": commitment.progress})
    return commitment


@transaction.atomic
def commitment_rate(*, actor, commitment: Commitment, score: int, comment: str = ""
                    ) -> CommitmentRating:
    """评诺: one rating (1–5) per person of a reported commitment — a resident of its
    community, or the committee's staff (recorded as such). The keeper may not rate."""
    commitment_policy.require(actor, Action.RATE_COMMITMENTS, commitment)
    if commitment.user_id == actor.pk:
        raise DomainError(_("You cannot rate your own commitment."), field="score")
    if commitment.state != CommitmentState.REPORTED:
        raise Conflict(_("A commitment is rated once it is reported."),
                       code=EvaluationErrorCode.COMMITMENT_NOT_REPORTED)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError(_("Rate from 1 to 5."), code=ErrorCode.INVALID, field="score")
    comment = clean_text(comment, field="comment", limit=limit_of(CommitmentRating, "comment"))
    committee = commitment_policy.can(actor, Action.MANAGE_EVALUATIONS, commitment)
    try:
        with transaction.atomic():
            row = CommitmentRating.objects.create(commitment=commitment, rater=actor,
                                                  score=score, comment=comment,
                                                  by_committee=committee)
    except IntegrityError:
        raise Conflict(_("You have already rated this commitment."),
                       code=EvaluationErrorCode.ALREADY_RATED) from None
    audit.record(actor=actor, action="rate_commitment", entity="commitment",
                 entity_id=commitment.pk, summary=commitment.title,
                 after={"score": score, "committee": committee})
    return row
