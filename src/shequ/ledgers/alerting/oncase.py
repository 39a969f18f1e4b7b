"""Early warning for new cases, evaluated in batches by the task worker after intake.

A batch is whatever intake took in since the last one (a case or a busy morning's
hundreds). Cheap pre-checks answer first whether a rule can fire at all — one read of the
batch's grids over their last nine weeks for the cluster and spike rules, one count per
reporter for the repeat rule — and only then do the rules themselves run (the same
functions as the scheduled pass), narrowed to a grid, category or reporter. The spike
pre-check counts the previous weeks back from today's midnight where the rule counts back
from now: a borderline spike it lets pass is raised by the next scheduled pass, which
applies the exact rule.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections import defaultdict
from operator import or_

from django.db.models import Count, Q
from django.utils import timezone

from ..models import Case, WarningKind
from .config import DistrictSettings
from .rules import RULES, Context, district_range
from .store import apply_findings


def _grid_figures(category_of: dict[int, set[int]], now: dt.datetime, cluster_days: int,
                  weeks: int) -> dict[int, dict]:
    """Per grid: cases within ``cluster_days`` of each category in ``category_of[grid]``,
    cases within the last 7 days, and per week for ``weeks`` whole weeks before today's
    midnight — counted by the database per grid and category in one statement."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    edges = [midnight - dt.timedelta(days=7 * i) for i in range(1, weeks + 2)]
    cluster_since = now - dt.timedelta(days=cluster_days)
    week_since = now - dt.timedelta(days=7)
    since = min(edges[-1], cluster_since, week_since)
    counts = {"cluster": Count("id", filter=Q(created_at__gte=cluster_since)),
              "week": Count("id", filter=Q(created_at__gte=week_since)),
              **{f"h{i}": Count("id", filter=Q(created_at__gte=edges[i + 1],
                                               created_at__lt=edges[i]))
                 for i in range(weeks)}}
    figures = {g: {"cluster": defaultdict(int), "week": 0, "history": [0] * weeks}
               for g in category_of}
    grid_ids = list(category_of)
    for i in range(0, len(grid_ids), 500):
        for row in (Case.objects.filter(grid_id__in=grid_ids[i:i + 500], created_at__gte=since,
                                        created_at__lte=now)
                    .values("grid_id", "category_id").annotate(**counts).order_by()):
            f = figures[row["grid_id"]]
            if row["category_id"] in category_of[row["grid_id"]]:
                f["cluster"][row["category_id"]] += row["cluster"]
            f["week"] += row["week"]
            for w in range(weeks):
                f["history"][w] += row[f"h{w}"]
    return figures


def _grid_rules(cases, rules, now) -> list[tuple[str, object]]:
    """(kind, narrowed queryset) of the cluster and spike rules worth running: one
    queryset per rule over the grids that pass the pre-check (the rule then groups by grid
    and category itself, as in the scheduled pass)."""
    cluster, spike = rules[WarningKind.CLUSTER], rules[WarningKind.SPIKE]
    if not (cluster.active or spike.active):
        return []
    category_of: dict[int, set[int]] = defaultdict(set)
    for c in cases:
        if c.grid_id:
            category_of[c.grid_id].add(c.category_id)
    figures = _grid_figures(category_of, now,
                            int(cluster.params["window_days"]), int(spike.params["weeks"]))
    clustered, spiking = [], []
    for gid, f in figures.items():
        cats = [cat for cat, n in f["cluster"].items() if n >= cluster.params["count"]]
        if cluster.active and cats:
            clustered.append(Q(grid_id=gid, category_id__in=cats))
        history = f["history"]
        if spike.active and f["week"] >= spike.params["minimum"] and f["week"] > (
                statistics.fmean(history) + float(spike.params["sigmas"])
                * statistics.pstdev(history)):
            spiking.append(gid)
    out = []
    if clustered:
        out.append((WarningKind.CLUSTER, Case.objects.filter(functools.reduce(or_, clustered))))
    if spiking:
        out.append((WarningKind.SPIKE, Case.objects.filter(grid_id__in=spiking)))
    return out


def _repeat_rules(cases, rule, path, now) -> list[tuple[str, object]]:
    """The repeat rule, narrowed to the reporters of the batch with enough cases."""
    if not rule.active:
        return []
    ledgers = rule.params["ledgers"]
    window = Case.objects.filter(
        ledger__in=ledgers, created_at__gte=now - dt.timedelta(days=rule.params["window_days"]),
        created_at__lte=now)
    hashes = {c.reporter_phone_hash for c in cases
              if c.ledger in ledgers and c.reporter_phone_hash}
    residents = {c.reporter_id for c in cases
                 if c.ledger in ledgers and not c.reporter_phone_hash and c.reporter_id}
    reached = []
    for field, values in (("reporter_phone_hash", hashes), ("reporter_id", residents)):
        values = list(values)
        for i in range(0, len(values), 500):
            over = [value for value, n in (
                window.filter(**{f"{field}__in": values[i:i + 500]})
                .values_list(field).annotate(n=Count("id")).order_by())
                if n >= rule.params["count"]]
            if over:
                reached.append(Q(**{f"{field}__in": over}))
    if not reached:
        return []
    return [(WarningKind.REPEAT,
             Case.objects.filter(district_range(path)).filter(functools.reduce(or_, reached)))]


def evaluate_cases(cases, *, now: dt.datetime | None = None):
    """Run the rules new cases can trigger (cluster and spike over their grids, repeat
    over their reporters, key person for stability cases); returns the warnings raised."""
    now = now or timezone.now()
    by_district: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_district[c.path.split(".", 1)[0]].append(c)
    findings = []
    for path, group in by_district.items():
        settings = DistrictSettings(path)
        rules = {kind: settings.rule(kind) for kind in (
            WarningKind.CLUSTER, WarningKind.REPEAT, WarningKind.KEY_PERSON, WarningKind.SPIKE)}
        narrowed = _grid_rules(group, rules, now)
        narrowed += _repeat_rules(group, rules[WarningKind.REPEAT], settings.path, now)
        if rules[WarningKind.KEY_PERSON].active:
            about = [c.pk for c in group
                     if c.ledger == "stability" and (c.subject_id or c.reporter_id)]
            if about:
                narrowed.append((WarningKind.KEY_PERSON, Case.objects.filter(pk__in=about)))
        if not narrowed or settings.district is None:
            continue
        ctx = Context(settings=None, now=now)
        for kind, qs in narrowed:
            findings += RULES[kind](ctx, settings.district, rules[kind], qs)
    created, _extended = apply_findings(findings)
    return created
