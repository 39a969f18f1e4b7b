"""The cases' part of a community's weekly summary (每周小结; the summary itself, the
comments and the monthly scores are the supervision app's).

The weekly summary covers Monday 00:00 to the next Monday 00:00 (Asia/Shanghai); for the
current week it ends now. Its figures:
- received: cases received in the week, by ledger, by category and by their state now;
- resolved / closed: cases with a step to resolved / closed in the week (from the events);
- overdue at the end of the week: received before the end, deadline passed before the end,
  not resolved by then, and not rejected by then;
- satisfaction: ratings given in the week; rate = (满意 + 基本满意) / ratings;
- warnings raised and closed in the week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.core.scoping import PATH_END
from shequ.supervision.selectors import week_bounds
from shequ.territory.models import Area, AreaKind

from ..models import (
    Case,
    CaseEvent,
    CaseState,
    Category,
    EarlyWarning,
    Ledger,
    Rating,
)
from ..policies import Action, case_policy
from ..workdays import TZ


@dataclass
class WeeklySummary:
    community: Area
    start: dt.datetime
    end: dt.datetime
    received: int = 0
    by_ledger: dict[str, int] = field(default_factory=dict)
    by_category: list[tuple[str, str, int]] = field(default_factory=list)
    by_state: dict[str, int] = field(default_factory=dict)
    resolved: int = 0
    closed: int = 0
    overdue: list[Case] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)
    satisfaction_rate: float | None = None
    warnings_raised: int = 0
    warnings_closed: int = 0

    @property
    def states(self) -> list[tuple[str, int]]:
        """(label, count) of the states that occur, for display."""
        return [(CaseState(k).label, n) for k, n in self.by_state.items() if n]

    @property
    def ledgers(self) -> list[tuple[str, int]]:
        return [(Ledger(k).label, n) for k, n in self.by_ledger.items()]

    @property
    def week_label(self) -> str:
        last = (self.end - dt.timedelta(seconds=1)).astimezone(TZ).date()
        return f"{self.start.astimezone(TZ).date():%Y-%m-%d} – {last:%Y-%m-%d}"


def communities_for_summary(actor) -> QuerySet[Area]:
    return Area.objects.for_actor(actor, Action.VIEW_CASES).filter(kind=AreaKind.COMMUNITY)


def _in(path: str) -> Q:
    return Q(path__gte=path, path__lt=path + PATH_END)


def weekly_summary(*, actor, community: Area, day: dt.date) -> WeeklySummary:
    """The week containing ``day`` for a community the actor may see (NotFound otherwise)."""
    if community.kind != AreaKind.COMMUNITY or not (
            case_policy.can(actor, Action.VIEW_CASES, community)):
        raise NotFound()
    start, end = week_bounds(day)
    return case_week(community, start, min(end, max(start, timezone.now())))


def case_week(community: Area, start: dt.datetime, end: dt.datetime) -> WeeklySummary:
    """The figures of the community's cases between ``start`` and ``end`` (the caller has
    checked that the actor may see them)."""
    s = WeeklySummary(community=community, start=start, end=end)
    cases = Case.objects.filter(_in(community.path))
    week = cases.filter(created_at__gte=start, created_at__lt=end)
    for ledger, n in week.values_list("ledger").annotate(n=Count("id")).order_by():
        s.by_ledger[ledger] = n
    s.by_ledger = {k: s.by_ledger.get(k, 0) for k in Ledger.values}
    s.received = sum(s.by_ledger.values())
    names = dict(Category.objects.values_list("id", "name"))
    s.by_category = sorted(
        ((names.get(cat, ""), ledger, n) for cat, ledger, n in
         week.values_list("category_id", "ledger").annotate(n=Count("id")).order_by()),
        key=lambda r: (-r[2], r[0]))
    states = dict(week.values_list("state").annotate(n=Count("id")).order_by())
    s.by_state = {k: states.get(k, 0) for k in CaseState.values}
    # Counted from the events, so a case resolved and later reopened still counts.
    events = CaseEvent.objects.filter(case__path__gte=community.path,
                                      case__path__lt=community.path + PATH_END,
                                      at__gte=start, at__lt=end)
    s.resolved = events.filter(to_state=CaseState.RESOLVED).values("case_id").distinct().count()
    s.closed = events.filter(to_state=CaseState.CLOSED).values("case_id").distinct().count()
    s.overdue = list(
        cases.filter(created_at__lt=end, due_at__lt=end)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=end))
        .exclude(state=CaseState.REJECTED, closed_at__lt=end)
        .select_related("category", "grid", "assigned_to").order_by("due_at", "id"))
    ratings = dict(cases.filter(rated_at__gte=start, rated_at__lt=end)
                   .values_list("rating").annotate(n=Count("id")).order_by())
    s.ratings = {k: ratings.get(k, 0) for k in Rating.values}
    rated = sum(s.ratings.values())
    if rated:
        s.satisfaction_rate = (s.ratings[Rating.SATISFIED] + s.ratings[Rating.BASIC]) / rated
    warnings = EarlyWarning.objects.filter(_in(community.path))
    s.warnings_raised = warnings.filter(created_at__gte=start, created_at__lt=end).count()
    s.warnings_closed = warnings.filter(closed_at__gte=start, closed_at__lt=end).count()
    return s
