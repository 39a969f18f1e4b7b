"""A two-way round's results stored as assessments, and the best-rated units offered to
评先选优 (a campaigns selection) as nominations.

    score = 20 × mean of the scale answers (1–5 → 20–100), one decimal

per unit (the community's answers about it), per community leadership (the units' answers
about the community, questions naming no cadre) and per cadre (the units' answers to the
questions naming them). Three GROUP BY queries and one bulk insert whatever the round's
size; computing again replaces the round's assessments.

Evaluations sit in the layer above campaigns (pyproject's import-linter contract), so the
offer goes through campaigns' own ``nomination_submit`` — the nomination rules (state,
place, reason, audit) stay written once."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.campaigns import services as campaign_services
from shequ.core import audit
from shequ.core.errors import DomainError
from shequ.core.scoping import Scope

from ..errors import EvaluationErrorCode
from ..models import Answer, Assessment, AssessmentKind, Direction, QuestionKind, Round
from ..policies import Action, assessment_policy, round_policy

FORMULA = gettext_lazy("Score = 20 × the mean of the 1–5 scale answers (5 → 100).")


def _score(mean) -> Decimal:
    return Decimal(str(round(20 * float(mean), 1)))


@transaction.atomic
def results_compute(*, actor, round: Round) -> int:
    """(Re)compute a two-way round's assessments; returns how many were stored."""
    round_policy.require(actor, Action.MANAGE_EVALUATIONS, round)
    if round.kind != "two_way":
        raise DomainError(_("Only a two-way round leaves assessments."), field="round")
    scale = Answer.objects.filter(response__round=round, question__kind=QuestionKind.SCALE,
                                  value__isnull=False)
    per = Count("response", distinct=True)
    rows = []
    for r in (scale.filter(response__direction=Direction.UNITS)
              .values("response__pair__unit_id", "response__pair__community_id",
                      "response__path").annotate(mean=Avg("value"), n=per)):
        rows.append(Assessment(round=round, kind=AssessmentKind.UNIT,
                               unit_id=r["response__pair__unit_id"],
                               community_id=r["response__pair__community_id"],
                               path=r["response__path"], score=_score(r["mean"]),
                               responses=r["n"]))
    back = scale.filter(response__direction=Direction.LEADERSHIP)
    for r in (back.filter(question__subject="")
              .values("response__pair__community_id", "response__path")
              .annotate(mean=Avg("value"), n=per)):
        rows.append(Assessment(round=round, kind=AssessmentKind.LEADERSHIP,
                               community_id=r["response__pair__community_id"],
                               path=r["response__path"], score=_score(r["mean"]),
                               responses=r["n"]))
    for r in (back.exclude(question__subject="")
              .values("response__pair__community_id", "response__path", "question__subject")
              .annotate(mean=Avg("value"), n=per)):
        rows.append(Assessment(round=round, kind=AssessmentKind.CADRE,
                               community_id=r["response__pair__community_id"],
                               cadre=r["question__subject"], path=r["response__path"],
                               score=_score(r["mean"]), responses=r["n"]))
    Assessment.objects.filter(round=round).delete()
    Assessment.objects.bulk_create(rows, batch_size=1000)
    Round.objects.filter(pk=round.pk).update(results_at=timezone.now())
    audit.record(actor=actor, action="compute_results", entity="evaluation_round",
                 entity_id=round.pk, summary=round.title, after={"assessments": len(rows)})
    return len(rows)


@transaction.atomic
def candidates_offer(*, actor, round: Round, selection, size: int = 5) -> list:
    """Nominate the best-rated units of the round inside the selection's area to a
    评先选优 selection (units already nominated by name are skipped)."""
    assessment_policy.require(actor, Action.MANAGE_EVALUATIONS, selection.path)
    if round.results_at is None:
        raise DomainError(_("Compute the round's results first."),
                          code=EvaluationErrorCode.RESULTS_NOT_READY, field="round")
    try:
        size = int(size)
    except (TypeError, ValueError):
        size = 0
    if not 1 <= size <= 20:
        raise DomainError(_("Between 1 and 20 units."), field="size")
    taken = set(selection.nominations.values_list("nominee", flat=True))
    best = (Assessment.objects.filter(Scope.of([selection.path]).path_q(), round=round,
                                      kind=AssessmentKind.UNIT)
            .exclude(Q(unit__name__in=taken)).select_related("unit")
            .order_by("-score", "path", "id")[:size])
    out = []
    for a in best:
        reason = _("双向评议 “%(round)s”: the community rated the unit's party organisation "
                   "%(score)s of 100 (%(n)d responses).") % {
            "round": round.title, "score": a.score, "n": a.responses}
        out.append(campaign_services.nomination_submit(
            actor=actor, selection=selection, nominee=a.unit.name[:60], reason=reason))
    audit.record(actor=actor, action="offer_candidates", entity="evaluation_round",
                 entity_id=round.pk, summary=selection.title, after={"nominations": len(out)})
    return out
