"""The figures of evaluations and 承诺践诺 for the dashboard (they replace the manifest's
former ``stats``): rounds open for answers now, commitments past their period without a
report, and commitments reported in the period — scoped through the evaluation policies,
grouped per child area in one query each. A round counts at its own area (a district's
round on the district), a commitment at its community. Each drills to the round or
commitment list filtered to the area and to what it counts."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, drill_to, per_child

from .models import CommitmentState
from .policies import Action, commitment_policy, round_policy

GROUP = _("Evaluations")
COMMITMENTS = "evaluations:commitment-list"


def _rounds_open(actor, place, period):
    now = timezone.now()
    qs = round_policy.instances_for(actor, Action.VIEW_EVALUATIONS).filter(
        opens_at__lte=now, closes_at__gt=now)
    return per_child(qs, place)


def _commitments(actor):
    return commitment_policy.instances_for(actor, Action.VIEW_EVALUATIONS)


def _overdue(actor, place, period):
    # What the commitment list's "overdue" filter shows.
    return per_child(_commitments(actor).filter(state=CommitmentState.PUBLISHED,
                                                period_end__lt=timezone.localdate()), place)


def _reported(actor, place, period):
    return per_child(_commitments(actor).filter(**period.moments("reported_at")), place)


def _figure(key, label, unit, compute, order, **kw):
    return Figure(key=f"evaluations.{key}", label=label, unit=unit,
                  action=Action.VIEW_EVALUATIONS, compute=compute, group=GROUP, order=order,
                  **kw)


FIGURES = [
    _figure("rounds_open", _("Evaluation rounds open"), _("rounds"), _rounds_open, 90,
            drill_url=drill_to("evaluations:round-list", open_now=1)),
    _figure("commitments_overdue", _("Commitments overdue"), _("commitments"), _overdue, 91,
            drill_url=drill_to(COMMITMENTS, overdue=1)),
    _figure("commitments_reported", _("Commitments reported"), _("commitments"), _reported, 92,
            timed=True, drill_url=drill_to(COMMITMENTS, timed=True)),
]
