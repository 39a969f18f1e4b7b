"""Early warning for one new case, run after its intake commits.

Intake must stay fast (hundreds of cases a second), so one read of the case's grid — its
last nine weeks — answers first whether the cluster or the spike rule can fire at
all, and a count over the reporter's cases whether the repeat rule can. Only then do the
rules themselves run (the same functions as the scheduled pass), narrowed to the grid,
category or reporter. The spike pre-check counts the previous weeks back from today's
midnight where the rule counts back from now: a borderline spike it lets pass is raised by
the next scheduled pass, which applies the exact rule.
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.utils import timezone

from ..models import Case, WarningKind
from .config import DistrictSettings
from .rules import RULES, Context, district_range
from .store import apply_findings


def _grid_figures(case: Case, now: dt.datetime, cluster_days: int, weeks: int) -> dict:
    """Cases of the grid: of this category within ``cluster_days``, within the last 7 days,
    and per week for ``weeks`` whole weeks before today's midnight — counted in Python
    over the (few hundred) rows of one index range, cheaper than a filtered aggregate."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    edges = [midnight - dt.timedelta(days=7 * i) for i in range(1, weeks + 2)]
    cluster_since = now - dt.timedelta(days=cluster_days)
    week_since = now - dt.timedelta(days=7)
    since = min(edges[-1], cluster_since, week_since)
    f = {"cluster": 0, "week": 0, "history": [0] * weeks}
    for at, category_id in Case.objects.filter(
            grid_id=case.grid_id, created_at__gte=since, created_at__lte=now
    ).values_list("created_at", "category_id"):
        f["cluster"] += at >= cluster_since and category_id == case.category_id
        f["week"] += at >= week_since
        if edges[-1] <= at < edges[0]:
            f["history"][(edges[0] - at) // dt.timedelta(days=7)] += 1
    return f


def evaluate_case(case: Case, *, now: dt.datetime | None = None, grid_rules: bool = True,
                  case_rules: bool = True):
    """Run the rules a new case can trigger; returns the warnings raised. ``grid_rules``
    (cluster, spike) look at the case's grid over a window; ``case_rules`` (repeat, key
    person) at the case and its reporter."""
    settings = DistrictSettings(case.path)
    now = now or timezone.now()
    rules = {kind: settings.rule(kind) for kind in (
        WarningKind.CLUSTER, WarningKind.REPEAT, WarningKind.KEY_PERSON, WarningKind.SPIKE)}
    narrowed = {}
    cluster, spike = rules[WarningKind.CLUSTER], rules[WarningKind.SPIKE]
    if grid_rules and case.grid_id and (cluster.active or spike.active):
        weeks = int(spike.params["weeks"])
        f = _grid_figures(case, now, int(cluster.params["window_days"]), weeks)
        grid = Case.objects.filter(grid_id=case.grid_id)
        if cluster.active and f["cluster"] >= cluster.params["count"]:
            narrowed[WarningKind.CLUSTER] = grid.filter(category_id=case.category_id)
        history = f["history"]
        if spike.active and f["week"] >= spike.params["minimum"] and f["week"] > (
                statistics.fmean(history) + float(spike.params["sigmas"])
                * statistics.pstdev(history)):
            narrowed[WarningKind.SPIKE] = grid
    repeat = rules[WarningKind.REPEAT]
    if case_rules and repeat.active and case.ledger in repeat.params["ledgers"]:
        mine = (Case.objects.filter(reporter_phone_hash=case.reporter_phone_hash)
                if case.reporter_phone_hash else
                Case.objects.filter(reporter_id=case.reporter_id) if case.reporter_id else None)
        if mine is not None and mine.filter(
                ledger__in=repeat.params["ledgers"],
                created_at__gte=now - dt.timedelta(days=repeat.params["window_days"]),
                created_at__lte=now).count() >= repeat.params["count"]:
            narrowed[WarningKind.REPEAT] = mine.filter(district_range(settings.path))
    if (case_rules and rules[WarningKind.KEY_PERSON].active and case.ledger == "stability"
            and (case.subject_id or case.reporter_id)):
        narrowed[WarningKind.KEY_PERSON] = Case.objects.filter(pk=case.pk)
    if not narrowed or settings.district is None:
        return []
    ctx = Context(settings=None, now=now)
    findings = []
    for kind, qs in narrowed.items():
        findings += RULES[kind](ctx, settings.district, rules[kind], qs)
    created, _extended = apply_findings(findings)
    return created
