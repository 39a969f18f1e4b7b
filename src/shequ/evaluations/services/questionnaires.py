"""Questionnaires and rounds: writing a questionnaire with its ordered questions, putting it
to evaluators (a resident survey, or a two-way round whose (community, unit) pairs are fixed
at creation from the 大党委s under the area), and closing a round early."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text, limit_of
from shequ.core.scoping import Scope
from shequ.organizations.models import OrgKind, PartTimeMember, PartyOrg

from ..errors import EvaluationErrorCode
from ..models import Question, QuestionKind, Questionnaire, Round, RoundKind, RoundPair
from ..policies import Action, questionnaire_policy, round_policy

MAX_QUESTIONS = 50
MAX_OPTIONS = 12
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def _clean_question(i: int, q: dict) -> Question:
    field = f"questions.{i}"
    kind = q.get("kind", "")
    if kind not in QuestionKind.values:
        raise DomainError(_("Question %(n)d: choose a type.") % {"n": i + 1},
                          code=EvaluationErrorCode.BAD_ANSWER, field=field)
    text = clean_text(q.get("text"), field=field, limit=limit_of(Question, "text"),
                      required=True, single_line=True,
                      required_message=_("Question %(n)d has no text.") % {"n": i + 1})
    options = [clean_text(o, field=field, limit=60, single_line=True)
               for o in (q.get("options") or [])]
    options = [o for o in options if o]
    if kind in CHOICE_KINDS and not 2 <= len(options) <= MAX_OPTIONS:
        raise DomainError(_("Question %(n)d: give between 2 and %(max)d options.")
                          % {"n": i + 1, "max": MAX_OPTIONS}, field=field)
    if kind not in CHOICE_KINDS:
        options = []
    subject = clean_text(q.get("subject", ""), field=field, limit=limit_of(Question, "subject"),
                         single_line=True)
    return Question(position=i + 1, kind=kind, text=text, options=options,
                    required=bool(q.get("required", True)), subject=subject)


@transaction.atomic
def questionnaire_create(*, actor, area, title: str, questions: list[dict],
                         description: str = "", anonymous: bool = True) -> Questionnaire:
    """A questionnaire of ordered questions (single/multiple choice, 1–5 scale, text),
    owned by ``area``. Refused without a question, or with a choice question of fewer than
    two options."""
    questionnaire_policy.require(actor, Action.MANAGE_EVALUATIONS, area)
    title = clean_text(title, field="title", limit=limit_of(Questionnaire, "title"),
                       required=True, single_line=True)
    description = clean_text(description, field="description",
                             limit=limit_of(Questionnaire, "description"))
    if not questions:
        raise DomainError(_("Add at least one question."), code=EvaluationErrorCode.NO_QUESTIONS,
                          field="questions")
    if len(questions) > MAX_QUESTIONS:
        raise DomainError(_("At most %(n)d questions.") % {"n": MAX_QUESTIONS},
                          field="questions")
    rows = [_clean_question(i, q) for i, q in enumerate(questions)]
    qn = Questionnaire.objects.create(title=title, description=description,
                                      anonymous=bool(anonymous), area=area, path=area.path,
                                      created_by=actor if getattr(actor, "pk", None) else None)
    for row in rows:
        row.questionnaire = qn
    Question.objects.bulk_create(rows)
    audit.record(actor=actor, action="create_questionnaire", entity="questionnaire",
                 entity_id=qn.pk, summary=title,
                 after={"questions": len(rows), "anonymous": qn.anonymous})
    return qn


def committee_pairs(area) -> list[tuple[int, int, str]]:
    """(community, unit, community path) of every unit on a 大党委 under ``area``: a unit
    organisation that is a member of the community party committee, or a unit with a
    part-time member (兼职委员) on it. Two queries."""
    within = Scope.of([area.path]).path_q()
    committees = PartyOrg.objects.filter(within, kind=OrgKind.COMMUNITY_COMMITTEE)
    through = PartyOrg.member_of.through.objects.filter(
        to_partyorg__in=committees, from_partyorg__unit__isnull=False,
        from_partyorg__unit__closed_at__isnull=True)
    pairs = set(through.values_list("to_partyorg__area_id", "from_partyorg__unit_id",
                                    "to_partyorg__path"))
    pairs |= set(PartTimeMember.objects.filter(committee__in=committees,
                                               unit__closed_at__isnull=True)
                 .values_list("committee__area_id", "unit_id", "committee__path"))
    return sorted(pairs, key=lambda p: (p[2], p[1]))


def _window(opens_at: dt.datetime, closes_at: dt.datetime, start: dt.date, end: dt.date):
    if not opens_at or not closes_at or closes_at <= opens_at:
        raise DomainError(_("The round must close after it opens."), field="closes_at")
    if not start or not end or end < start:
        raise DomainError(_("The period must end on or after its first day."),
                          field="period_end")


@transaction.atomic
def round_create(*, actor, kind: str, area, title: str, questionnaire: Questionnaire,
                 opens_at: dt.datetime, closes_at: dt.datetime, period_start: dt.date,
                 period_end: dt.date, leadership_questionnaire: Questionnaire | None = None
                 ) -> Round:
    """Put a questionnaire to evaluators. A survey goes to the residents of ``area``; a
    two-way round to the units on the 大党委s under it (the community rates each unit on
    ``questionnaire``, each unit its community on ``leadership_questionnaire``) — refused
    when there is no such unit."""
    round_policy.require(actor, Action.MANAGE_EVALUATIONS, area)
    questionnaire_policy.require(actor, Action.VIEW_EVALUATIONS, questionnaire)
    if kind not in RoundKind.values:
        raise DomainError(_("Choose the type of round."), field="kind")
    title = clean_text(title, field="title", limit=limit_of(Round, "title"), required=True,
                       single_line=True)
    _window(opens_at, closes_at, period_start, period_end)
    pairs = []
    if kind == RoundKind.TWO_WAY:
        if leadership_questionnaire is None:
            raise DomainError(_("Choose the questionnaire units answer about the "
                                "community."), code=ErrorCode.REQUIRED,
                              field="leadership_questionnaire")
        questionnaire_policy.require(actor, Action.VIEW_EVALUATIONS, leadership_questionnaire)
        pairs = committee_pairs(area)
        if not pairs:
            raise DomainError(_("No unit sits on a 大党委 in this area."), code=EvaluationErrorCode.NO_PAIRS,
                              field="area")
    else:
        leadership_questionnaire = None
    row = Round.objects.create(
        title=title, kind=kind, area=area, path=area.path, questionnaire=questionnaire,
        leadership_questionnaire=leadership_questionnaire, opens_at=opens_at,
        closes_at=closes_at, period_start=period_start, period_end=period_end,
        created_by=actor if getattr(actor, "pk", None) else None)
    RoundPair.objects.bulk_create([RoundPair(round=row, community_id=c, unit_id=u, path=p)
                                   for c, u, p in pairs], batch_size=500)
    audit.record(actor=actor, action="create_round", entity="evaluation_round",
                 entity_id=row.pk, summary=title,
                 after={"kind": kind, "pairs": len(pairs), "opens_at": opens_at.isoformat(),
                        "closes_at": closes_at.isoformat()})
    return row


@transaction.atomic
def round_close(*, actor, round: Round, now: dt.datetime | None = None) -> Round:
    """Close an open round now (before its closing time); later responses are refused."""
    round_policy.require(actor, Action.MANAGE_EVALUATIONS, round)
    now = now or timezone.now()
    done = Round.objects.filter(Q(pk=round.pk), Q(closes_at__gt=now)).update(
        closes_at=max(now, round.opens_at + dt.timedelta(seconds=1)))
    if not done:
        raise Conflict(_("This round is already closed."), code=EvaluationErrorCode.ROUND_CLOSED)
    round.refresh_from_db()
    audit.record(actor=actor, action="close_round", entity="evaluation_round",
                 entity_id=round.pk, summary=round.title,
                 after={"closes_at": round.closes_at.isoformat()})
    return round
