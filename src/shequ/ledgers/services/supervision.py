"""监委会: daily comments (每日点评) and the monthly evaluation (每月考评) of grid workers.

Published criteria of the monthly score (stored with each evaluation in ``criteria``):
on-time rate 40, satisfaction rate 30, (1 − reopen rate) 15, visits 15 (full marks at
``VISIT_TARGET`` visits a month). A rate with nothing to measure (no case resolved, none
rated) is left out and the other weights are rescaled. Supervisors may adjust the result
by at most ±10 points with a written reason.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import Grant
from shequ.accounts.roles import Role
from shequ.core import audit
from shequ.core.errors import DomainError, ErrorCode, Forbidden
from shequ.territory.models import Area, AreaKind
from shequ.territory.selectors import community_of

from ..models import Case, CaseSource, Evaluation, Rating, SupervisionComment
from ..policies import Action, comment_policy, evaluation_policy
from ..workdays import TZ

WEIGHTS = {"on_time": 40, "satisfaction": 30, "no_reopen": 15, "visits": 15}
VISIT_TARGET = 20
MAX_ADJUSTMENT = 10.0

# Household visits recorded outside the ledgers (a visit that produced no case): callables
# ``fn(worker, community_path, start, end) -> int`` registered by the modules that keep
# them, so a visit counts in the month whether or not it became a case.
_visit_counters: list = []


def visit_counter_register(counter) -> None:
    """Count another module's visits in the monthly evaluation (idempotent)."""
    if counter not in _visit_counters:
        _visit_counters.append(counter)


@transaction.atomic
def comment_add(*, actor, text: str, case: Case | None = None, worker=None,
                community: Area | None = None, on_date: dt.date | None = None
                ) -> SupervisionComment:
    """A supervisor comments on a case, on a grid worker's work, or on the community's
    work in general; the comment belongs to the community (its staff and supervisors
    read it in the weekly summary)."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the comment."), code=ErrorCode.REQUIRED, field="text")
    if case is not None:
        community = community_of(case.path)
    elif worker is not None and community is None:
        grids = Grant.objects.filter(user=worker, role=Role.GRID_WORKER).select_related("area")
        community = next((community_of(g.area.path) for g in grids
                          if comment_policy.can(actor, Action.SUPERVISE_CASES, g.area)), None)
    if community is None or community.kind != AreaKind.COMMUNITY:
        raise DomainError(_("Choose the community."), code=ErrorCode.REQUIRED, field="community")
    comment_policy.require(actor, Action.SUPERVISE_CASES, community)
    comment = SupervisionComment.objects.create(
        author=actor, community=community, path=community.path, case=case, worker=worker,
        text=text[:2000], on_date=on_date or timezone.localdate())
    audit.record(actor=actor, action="comment_add", entity="supervision_comment",
                 entity_id=comment.pk, summary=text[:100],
                 after={"case": case.pk if case else None,
                        "worker": worker.pk if worker else None})
    return comment


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return (dt.datetime.combine(first, dt.time(), tzinfo=TZ),
            dt.datetime.combine(nxt, dt.time(), tzinfo=TZ))


def measure(worker, community: Area, month: dt.date) -> dict:
    """The month's figures for one grid worker's cases in one community."""
    start, end = month_bounds(month)
    mine = Case.objects.filter(assigned_to=worker, path__gte=community.path,
                               path__lt=community.path + "~")
    resolved = mine.filter(resolved_at__gte=start, resolved_at__lt=end).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(resolved_at__lte=F("due_at"))),
        reopened=Count("id", filter=Q(reopened_count__gt=0)))
    rated = mine.filter(rated_at__gte=start, rated_at__lt=end).aggregate(
        n=Count("id"), good=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])))
    visits = Case.objects.filter(created_by=worker, source=CaseSource.VISIT,
                                 created_at__gte=start, created_at__lt=end,
                                 path__gte=community.path, path__lt=community.path + "~").count()
    visits += sum(count(worker, community.path, start, end) for count in _visit_counters)
    n = resolved["n"]
    return {
        "cases_handled": n,
        "on_time_rate": resolved["on_time"] / n if n else None,
        "reopen_rate": resolved["reopened"] / n if n else None,
        "satisfaction_rate": rated["good"] / rated["n"] if rated["n"] else None,
        "visit_count": visits,
    }


def score(m: dict) -> float:
    parts = {
        "on_time": m["on_time_rate"],
        "satisfaction": m["satisfaction_rate"],
        "no_reopen": None if m["reopen_rate"] is None else 1 - m["reopen_rate"],
        "visits": min(m["visit_count"] / VISIT_TARGET, 1.0),
    }
    weight = sum(WEIGHTS[k] for k, v in parts.items() if v is not None)
    total = sum(WEIGHTS[k] * v for k, v in parts.items() if v is not None)
    return round(100 * total / weight, 1) if weight else 0.0


CRITERIA = {"weights": WEIGHTS, "visit_target": VISIT_TARGET, "max_adjustment": MAX_ADJUSTMENT,
            "version": 1}


@transaction.atomic
def evaluation_compute(*, actor, community: Area, month: dt.date, recompute: bool = False
                       ) -> list[Evaluation]:
    """Score every grid worker of the community for the month and store the result.
    Existing evaluations are returned unchanged unless ``recompute`` is asked for, which
    keeps the supervisors' adjustments and is audited with the figures before and after."""
    comment_policy.require(actor, Action.SUPERVISE_CASES, community)
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise DomainError(_("That month has not begun."), field="month")
    worker_ids = (Grant.objects.filter(role=Role.GRID_WORKER, area__parent=community)
                  .values_list("user_id", flat=True).distinct())
    from shequ.accounts.models import User
    out = []
    for worker in User.objects.filter(pk__in=list(worker_ids)).order_by("pk"):
        existing = Evaluation.objects.filter(month=month, worker=worker,
                                             community=community).first()
        if existing is not None and not recompute:
            out.append(existing)
            continue
        m = measure(worker, community, month)
        values = {**m, "computed_score": score(m), "criteria": CRITERIA,
                  "computed_at": timezone.now(), "path": community.path}
        if existing is None:
            ev = Evaluation.objects.create(month=month, worker=worker, community=community,
                                           **values)
            audit.record(actor=actor, action="evaluation_compute", entity="evaluation",
                         entity_id=ev.pk, summary=f"{month:%Y-%m} {worker}",
                         after={"score": ev.computed_score})
        else:
            before = {"score": existing.computed_score, "cases": existing.cases_handled}
            for k, v in values.items():
                setattr(existing, k, v)
            existing.save()
            ev = existing
            audit.record(actor=actor, action="evaluation_recompute", entity="evaluation",
                         entity_id=ev.pk, summary=f"{month:%Y-%m} {worker}", before=before,
                         after={"score": ev.computed_score, "cases": ev.cases_handled})
        out.append(ev)
    return out


@transaction.atomic
def evaluation_adjust(*, actor, evaluation: Evaluation, adjustment: float, note: str
                      ) -> Evaluation:
    """A supervisor's adjustment (±10 points at most) with the reason, audited."""
    if not getattr(actor, "is_authenticated", False):  # a supervisor's act, never the system's
        raise Forbidden()
    evaluation_policy.require(actor, Action.SUPERVISE_CASES, evaluation)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Give the reason for the adjustment."), code=ErrorCode.REQUIRED,
                          field="note")
    try:
        adjustment = float(adjustment)
    except (TypeError, ValueError):
        raise DomainError(_("Enter a number."), field="adjustment") from None
    if abs(adjustment) > MAX_ADJUSTMENT:
        raise DomainError(_("An adjustment is at most ±%(n)d points.") % {"n": MAX_ADJUSTMENT},
                          field="adjustment")
    before = {"adjustment": evaluation.adjustment, "note": evaluation.adjustment_note}
    evaluation.adjustment, evaluation.adjustment_note = adjustment, note[:300]
    evaluation.adjusted_by = actor
    evaluation.save(update_fields=["adjustment", "adjustment_note", "adjusted_by"])
    audit.record(actor=actor, action="evaluation_adjust", entity="evaluation",
                 entity_id=evaluation.pk, before=before,
                 after={"adjustment": adjustment, "note": note[:300]}, reason=note[:300])
    return evaluation
