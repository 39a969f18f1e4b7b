"""Answering a round. Who answers as whom:

- a survey: a resident living in the round's area, as themselves (``user:<id>``);
- a two-way round, direction ``units``: staff of the community, for the community
  (``area:<id>``), about one unit of its 大党委 (``unit:<id>``);
- direction ``leadership``: a liaison of the unit, for the unit, about its community.

A response outside the round's window is refused (``round_not_open`` / ``round_closed``);
a second one by the same evaluator about the same subject is refused by the ballot's
unique constraint (``already_responded``), also when two arrive at once. Everything is
written in one transaction, or nothing."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.registry.selectors import lives_in, resident_of

from ..errors import EvaluationErrorCode
from ..models import (
    Answer,
    Ballot,
    Direction,
    Question,
    QuestionKind,
    Response,
    Round,
    RoundKind,
    RoundPair,
)
from ..policies import Action, liaison_unit_ids, pair_policy

TEXT_LIMIT = 500


def _evaluator(actor, round: Round, direction: str, pair: RoundPair | None
               ) -> tuple[str, str, str]:
    """(evaluator key, subject key, path) for ``actor`` answering ``round`` in
    ``direction``; NotFound for a round or pair they have nothing to do with."""
    if round.kind == RoundKind.SURVEY:
        if direction not in ("", Direction.SURVEY) or pair is not None:
            raise DomainError(_("A survey has no direction."), field="direction")
        if not (actor.can(Action.RESPOND) and lives_in(resident_of(actor), round.path)):
            raise NotFound(code=EvaluationErrorCode.NOT_AN_EVALUATOR)
        return f"user:{actor.pk}", "", round.path
    if pair is None or pair.round_id != round.pk:
        raise NotFound(field="pair")
    if direction == Direction.UNITS:
        pair_policy.require(actor, Action.MANAGE_EVALUATIONS, pair)
        return f"area:{pair.community_id}", f"unit:{pair.unit_id}", pair.path
    if direction == Direction.LEADERSHIP:
        if pair.unit_id not in liaison_unit_ids(actor):
            raise NotFound(code=EvaluationErrorCode.NOT_AN_EVALUATOR)
        return f"unit:{pair.unit_id}", f"area:{pair.community_id}", pair.path
    raise DomainError(_("Choose who is rated."), field="direction")


def _check_window(round: Round, now: dt.datetime) -> None:
    if now < round.opens_at:
        raise Conflict(_("This round opens on %(at)s.") % {
            "at": f"{timezone.localtime(round.opens_at):%Y-%m-%d %H:%M}"},
            code=EvaluationErrorCode.ROUND_NOT_OPEN)
    if now >= round.closes_at:
        raise Conflict(_("This round closed on %(at)s; responses are no longer taken.") % {
            "at": f"{timezone.localtime(round.closes_at):%Y-%m-%d %H:%M}"},
            code=EvaluationErrorCode.ROUND_CLOSED)


def _scale(q: Question, raw) -> list[Answer]:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise DomainError(_("Answer “%(q)s” with 1 to 5.") % {"q": q.text},
                          code=EvaluationErrorCode.BAD_ANSWER, field=f"q{q.pk}")
    return [Answer(question=q, value=value)]


def _choices(q: Question, raw) -> list[Answer]:
    values = raw if isinstance(raw, list | tuple) else [raw]
    try:
        picked = sorted({int(v) for v in values if v not in (None, "")})
    except (TypeError, ValueError):
        picked = [-1]
    if any(not 0 <= v < len(q.options) for v in picked) or (
            q.kind == QuestionKind.SINGLE and len(picked) > 1):
        raise DomainError(_("Choose among the options of “%(q)s”.") % {"q": q.text},
                          code=EvaluationErrorCode.BAD_ANSWER, field=f"q{q.pk}")
    return [Answer(question=q, value=v) for v in picked]


def _text(q: Question, raw) -> list[Answer]:
    text = " ".join(str(raw or "").split())
    if len(text) > TEXT_LIMIT:
        raise DomainError(_("At most %(n)d characters.") % {"n": TEXT_LIMIT},
                          code=EvaluationErrorCode.BAD_ANSWER, field=f"q{q.pk}")
    return [Answer(question=q, text=text)] if text else []


READERS = {QuestionKind.SCALE: _scale, QuestionKind.SINGLE: _choices,
           QuestionKind.MULTIPLE: _choices, QuestionKind.TEXT: _text}


def clean_answers(questions: list[Question], answers: dict) -> list[Answer]:
    """The answers as rows, keyed by question id (int or str) in ``answers``; a required
    question left empty, a scale outside 1–5 or an option not offered is refused, naming
    the question's field ``q<id>``."""
    out: list[Answer] = []
    for q in questions:
        raw = answers.get(q.pk, answers.get(str(q.pk)))
        empty = raw in (None, "", [], ())
        if empty:
            if q.required:
                raise DomainError(_("Answer “%(q)s”.") % {"q": q.text},
                                  code=EvaluationErrorCode.MISSING_ANSWER, field=f"q{q.pk}")
            continue
        out.extend(READERS[q.kind](q, raw))
    return out


def questionnaire_for(round: Round, direction: str):
    """The questionnaire answered in ``direction`` (its own anonymity applies)."""
    return (round.leadership_questionnaire if direction == Direction.LEADERSHIP
            else round.questionnaire)


def questions_for(round: Round, direction: str) -> list[Question]:
    return list(questionnaire_for(round, direction).questions.order_by("position"))


@transaction.atomic
def response_submit(*, actor, round: Round, answers: dict, direction: str = "",
                    pair: RoundPair | None = None, now: dt.datetime | None = None) -> Response:
    """Record one evaluator's answers to a round (see the module for who answers as whom).
    In an anonymous round the response keeps neither the evaluator nor the time."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Forbidden()
    evaluator, subject, path = _evaluator(actor, round, direction, pair)
    direction = direction or Direction.SURVEY
    now = now or timezone.now()
    _check_window(round, now)
    rows = clean_answers(questions_for(round, direction), answers)
    try:
        with transaction.atomic():
            Ballot.objects.create(round=round, evaluator=evaluator, subject=subject, at=now)
    except IntegrityError:
        raise Conflict(_("This has already been answered; one response each."),
                       code=EvaluationErrorCode.ALREADY_RESPONDED) from None
    anonymous = questionnaire_for(round, direction).anonymous
    response = Response.objects.create(
        round=round, direction=direction, pair=pair, path=path,
        evaluator="" if anonymous else evaluator, submitted_at=None if anonymous else now)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows, batch_size=500)
    audit.record(actor=actor, action="respond", entity="evaluation_round", entity_id=round.pk,
                 summary=round.title, after={"direction": direction, "subject": subject})
    return response
