"""监委会 writes: comments and flags on any supervised record or on a community's work, the
community's answers to flags, and the monthly score of the people a subject measures
(computed from the subject's published criteria, adjusted by supervisors within a bound).

One mechanism for every subject: the subject (``subjects.Subject``) says how to measure and
who may see its records; everything stored, checked and audited here is the same for all.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import is_system
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.territory.models import Area, AreaKind
from shequ.territory.selectors import community_of

from . import subjects
from .errors import SupervisionErrorCode
from .models import Comment, Score
from .policies import Action, comment_policy, score_policy

TEXT_MAX = 2000


def _text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the comment."), code=ErrorCode.REQUIRED, field=field)
    if len(text) > TEXT_MAX:
        raise DomainError(_("At most %(n)d characters.") % {"n": TEXT_MAX},
                      code=ErrorCode.TOO_LONG, field=field)
    return text


@transaction.atomic
def comment_add(*, actor, text: str, subject=None, community: Area | None = None,
                worker=None, step: str = "", flag: bool = False,
                on_date: dt.date | None = None) -> Comment:
    """A supervisor comments on a record (``subject``: a case, a matter — any registered
    kind), on a person's work, or on the community's work in general. A flag waits for the
    community's answer. The comment belongs to the record's community."""
    text = _text(text)
    kind = ""
    if subject is not None:
        kind = subjects.kind_of(subject)
        if kind is None:
            raise DomainError(_("This record is not supervised."),
                          code=SupervisionErrorCode.UNKNOWN_SUBJECT, field="subject")
        if not is_system(actor) and not subjects.subject(kind).can_view(actor, subject):
            raise NotFound()
        community = community_of(subject.path)
    if community is None or community.kind != AreaKind.COMMUNITY:
        raise DomainError(_("Choose the community."), code=ErrorCode.REQUIRED, field="community")
    comment_policy.require(actor, Action.SUPERVISE, community)
    comment = Comment.objects.create(
        author=actor, community=community, path=community.path, kind=kind,
        object_id=subject.pk if subject is not None else None, step=(step or "")[:60],
        worker=worker, text=text, is_flag=bool(flag),
        on_date=on_date or timezone.localdate())
    audit.record(actor=actor, action="supervision_flag" if flag else "supervision_comment",
                 entity="supervision_comment", entity_id=comment.pk, summary=text[:100],
                 after={"kind": kind, "object": comment.object_id, "step": comment.step,
                        "worker": worker.pk if worker else None})
    return comment


@transaction.atomic
def flag_answer(*, actor, comment: Comment, answer: str) -> Comment:
    """The community's answer to a flag; a flag is answered once (the row is locked, so two
    staff answering at once get one answer and one refusal)."""
    answer = _text(answer, "answer")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment_policy.require(actor, Action.ANSWER_FLAGS, comment)
    if not comment.is_flag:
        raise DomainError(_("Only a flag waits for an answer."),
                      code=SupervisionErrorCode.NOT_A_FLAG, field="comment")
    if comment.answered_at is not None:
        raise Conflict(_("This flag has already been answered."),
                      code=SupervisionErrorCode.ALREADY_ANSWERED, field="answer")
    comment.answer, comment.answered_by, comment.answered_at = answer, actor, timezone.now()
    comment.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(actor=actor, action="supervision_answer", entity="supervision_comment",
                 entity_id=comment.pk, summary=answer[:100])
    return comment


def _scorer(kind: str):
    subject = subjects.subject(kind)
    if subject is None or subject.scorer is None:
        raise DomainError(_("Nothing is scored under that name."),
                      code=SupervisionErrorCode.UNKNOWN_SUBJECT, field="kind")
    return subject.scorer


@transaction.atomic
def score_compute(*, actor, kind: str, community: Area, month: dt.date,
                  recompute: bool = False) -> list[Score]:
    """Score every person the subject measures in the community for the month and store the
    result. Existing scores are returned unchanged unless ``recompute`` is asked for, which
    keeps the supervisors' adjustments and is audited with the figures before and after."""
    scorer = _scorer(kind)
    comment_policy.require(actor, Action.SUPERVISE, community)
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise DomainError(_("That month has not begun."),
                      code=SupervisionErrorCode.MONTH_NOT_BEGUN, field="month")
    # One computation per community at a time: two supervisors pressing "compute" together
    # would otherwise both find no score and the second insert would break the unique
    # constraint (a 500) instead of returning the first one's scores.
    Area.objects.select_for_update().filter(pk=community.pk).first()
    existing = {s.person_id: s for s in Score.objects.select_for_update().filter(
        month=month, kind=kind, community=community)}
    out = []
    for person in scorer.people(community, month):
        current = existing.get(person.pk)
        if current is not None and not recompute:
            out.append(current)
            continue
        measures = scorer.measure(person, community, month)
        values = {"measures": measures, "computed_score": scorer.score(measures),
                  "criteria": dict(scorer.criteria), "computed_at": timezone.now(),
                  "path": community.path}
        if current is None:
            current = Score.objects.create(month=month, kind=kind, person=person,
                                           community=community, **values)
            audit.record(actor=actor, action="score_compute", entity="score",
                         entity_id=current.pk, summary=f"{month:%Y-%m} {kind} {person}",
                         after={"score": current.computed_score})
        else:
            before = {"score": current.computed_score, "measures": current.measures}
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            audit.record(actor=actor, action="score_recompute", entity="score",
                         entity_id=current.pk, summary=f"{month:%Y-%m} {kind} {person}",
                         before=before,
                         after={"score": current.computed_score, "measures": measures})
        out.append(current)
    return out


@transaction.atomic
def score_adjust(*, actor, score: Score, adjustment, note: str) -> Score:
    """A supervisor's adjustment (within the subject's bound) with the reason, audited."""
    if is_system(actor) or not getattr(actor, "is_authenticated", False):
        raise Forbidden()  # a supervisor's judgement, never the system's
    score_policy.require(actor, Action.SUPERVISE, score)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Give the reason for the adjustment."), code=ErrorCode.REQUIRED,
                      field="note")
    try:
        adjustment = float(adjustment)
    except (TypeError, ValueError):
        raise DomainError(_("Enter a number."), field="adjustment") from None
    bound = _scorer(score.kind).max_adjustment
    if not abs(adjustment) <= bound:  # also refuses NaN
        raise DomainError(_("An adjustment is at most ±%(n)d points.") % {"n": bound},
                      code=SupervisionErrorCode.ADJUSTMENT_TOO_LARGE, field="adjustment")
    before = {"adjustment": score.adjustment, "note": score.adjustment_note}
    score.adjustment, score.adjustment_note = adjustment, note[:300]
    score.adjusted_by = actor
    score.save(update_fields=["adjustment", "adjustment_note", "adjusted_by"])
    audit.record(actor=actor, action="score_adjust", entity="score", entity_id=score.pk,
                 before=before, after={"adjustment": adjustment, "note": note[:300]},
                 reason=note[:300])
    return score
