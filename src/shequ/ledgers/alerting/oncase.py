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
import math
import threading
import time
from collections import defaultdict
from operator import or_

from django.db.models import Count, Q
from django.utils import timezone

from ..models import Case, WarningKind
from .config import DistrictSettings
from .rules import RULES, Context, district_range
from .store import Finding, apply_findings, open_by_key

# The previous whole weeks of each grid, per process: {(midnight, weeks): (read at, {grid:
# [counts]})}. Those weeks end at today's midnight, so a busy day's batches would read the
# same nine weeks again and again; they are read once per grid and kept for
# HISTORY_SECONDS (a case filed late or moved to another grid meanwhile only shifts the
# pre-check, which the scheduled pass backs up). ``forget_history()`` empties it.
HISTORY_SECONDS = 600
_history: dict[tuple, tuple[float, dict[int, list[int]]]] = {}
_history_lock = threading.Lock()


def forget_history() -> None:
    with _history_lock:
        _history.clear()


def _week_history(grid_ids, midnight: dt.datetime, weeks: int) -> dict[int, list[int]]:
    """Per grid: its cases in each of the ``weeks`` whole weeks before the seven days up to
    ``midnight`` (the most recent first), from the per-process copy or, for grids not in
    it, one read."""
    key = (midnight, weeks)
    clock = time.monotonic()
    with _history_lock:
        read_at, known = _history.get(key, (clock, {}))
        if clock - read_at > HISTORY_SECONDS:
            read_at, known = clock, {}
        if len(_history) > 4 and key not in _history:
            _history.clear()  # yesterday's and older
        _history[key] = (read_at, known)
        todo = [g for g in grid_ids if g not in known]
    if todo:
        # the weeks before the last seven days (which the spike compares with them)
        edges = [midnight - dt.timedelta(days=7 * i) for i in range(1, weeks + 2)]
        counts = {f"h{i}": Count("id", filter=Q(created_at__gte=edges[i + 1],
                                                 created_at__lt=edges[i]))
                  for i in range(weeks)}
        fresh = {g: [0] * weeks for g in todo}
        for i in range(0, len(todo), 500):
            for row in (Case.objects.filter(grid_id__in=todo[i:i + 500],
                                            created_at__gte=edges[-1], created_at__lt=edges[0])
                        .values("grid_id").annotate(**counts).order_by()):
                fresh[row["grid_id"]] = [row[f"h{w}"] for w in range(weeks)]
        with _history_lock:
            known.update(fresh)
    return {g: known[g] for g in grid_ids}


def _grid_figures(category_of: dict[int, set[int]], now: dt.datetime, cluster_days: int,
                  weeks: int) -> dict[int, dict]:
    """Per grid: cases within ``cluster_days`` of each category in ``category_of[grid]``,
    cases within the last 7 days — counted by the database per grid and category in one
    statement — and per week for ``weeks`` whole weeks before today's midnight
    (``_week_history``)."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    cluster_since = now - dt.timedelta(days=cluster_days)
    week_since = now - dt.timedelta(days=7)
    since = min(cluster_since, week_since)
    counts = {"cluster": Count("id", filter=Q(created_at__gte=cluster_since)),
              "week": Count("id", filter=Q(created_at__gte=week_since))}
    grid_ids = list(category_of)
    history = _week_history(grid_ids, midnight, weeks)
    figures = {g: {"cluster": defaultdict(int), "week": 0, "history": history[g]}
               for g in category_of}
    for i in range(0, len(grid_ids), 500):
        for row in (Case.objects.filter(grid_id__in=grid_ids[i:i + 500], created_at__gte=since,
                                        created_at__lte=now)
                    .values("grid_id", "category_id").annotate(**counts).order_by()):
            f = figures[row["grid_id"]]
            if row["category_id"] in category_of[row["grid_id"]]:
                f["cluster"][row["category_id"]] += row["cluster"]
            f["week"] += row["week"]
    return figures


def _mean_sd(values: list[int]) -> tuple[float, float]:
    """Mean and population standard deviation in floats (``statistics`` computes them
    exactly, in fractions: a batch checks hundreds of grids)."""
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def _grid_rules(cases, rules, now, district_id: int
                ) -> tuple[list[tuple[str, object, set | None]], list[Finding]]:
    """The cluster and spike rules for the batch's grids: (kind, narrowed queryset, keys to
    keep or None for all) of the rules worth running, and the findings that need no rule.

    A (grid, category) or grid that passes the pre-check and already has an open warning
    only gains the batch's cases as evidence, with the pre-check's figures as its detail:
    re-running the rule would read every case of its window again to find the same
    warning, and in a burst every batch would (the rule's reads grew with the burst, not
    with the batch). A situation without an open warning — new, or raised again after a
    person closed it — is decided by the rule itself, narrowed to those grids (the rule
    groups by grid and category as in the scheduled pass)."""
    cluster, spike = rules[WarningKind.CLUSTER], rules[WarningKind.SPIKE]
    if not (cluster.active or spike.active):
        return [], []
    category_of: dict[int, set[int]] = defaultdict(set)
    batch: dict[tuple[int, int], list[Case]] = defaultdict(list)
    for c in cases:
        if c.grid_id:
            category_of[c.grid_id].add(c.category_id)
            batch[c.grid_id, c.category_id].append(c)
    figures = _grid_figures(category_of, now,
                            int(cluster.params["window_days"]), int(spike.params["weeks"]))
    clustered, spiking = {}, {}
    for gid, f in figures.items():
        for cat, n in f["cluster"].items():
            if cluster.active and n >= cluster.params["count"]:
                clustered[f"cluster:{gid}:{cat}"] = (gid, cat, n)
        mean, sd = _mean_sd(f["history"])
        # (less a rounding margin: the rule itself decides a tie, exactly)
        threshold = mean + float(spike.params["sigmas"]) * sd
        if spike.active and f["week"] >= spike.params["minimum"] and f["week"] > (
                threshold - 1e-9):
            spiking[f"spike:{gid}"] = (gid, f, mean, sd, threshold)
    open_ = open_by_key([*clustered, *spiking])
    extended = []
    for key, (gid, cat, n) in clustered.items():
        if key in open_:
            extended.append(_extension(cluster, key, gid, district_id, batch[gid, cat], {
                "count": n, "threshold": cluster.params["count"],
                "window_days": cluster.params["window_days"]}))
    for key, (gid, f, mean, sd, threshold) in spiking.items():
        if key in open_:
            extended.append(_extension(
                spike, key, gid, district_id,
                [c for cat in category_of[gid] for c in batch[gid, cat]],
                {"this_week": f["week"], "mean": round(mean, 2), "sd": round(sd, 2),
                 "threshold": round(threshold, 2), "history": f["history"]}))
    out = []
    new_clusters = [v for k, v in clustered.items() if k not in open_]
    if new_clusters:
        # The grids and categories in two plain lists (a hundred (grid, category) terms
        # OR-ed together cost more to compile than to run); the pairs beyond the pre-check's
        # that this lets in are dropped from the findings (``keep``), so the result is the
        # same as a query over the pairs alone.
        out.append((WarningKind.CLUSTER, Case.objects.filter(
            grid_id__in=sorted({g for g, _c, _n in new_clusters}),
            category_id__in=sorted({c for _g, c, _n in new_clusters})),
            {f"cluster:{g}:{c}" for g, c, _n in new_clusters}))
    new_spikes = [v[0] for k, v in spiking.items() if k not in open_]
    if new_spikes:
        out.append((WarningKind.SPIKE, Case.objects.filter(grid_id__in=new_spikes), None))
    return out, extended


def _extension(rule, key, gid, district_id, cases, detail) -> Finding:
    """The batch's cases as more evidence for the open warning ``key`` (its title stays)."""
    return Finding(kind=rule.kind, key=key, level=rule.level, title="",
                   district_id=district_id, path=cases[0].path, grid_id=gid,
                   case_ids=[c.pk for c in cases], detail=detail)


def _repeat_rules(cases, rule, path, now) -> list[tuple[str, object, None]]:
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
             Case.objects.filter(district_range(path)).filter(functools.reduce(or_, reached)),
             None)]


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
        if settings.district is None:
            continue
        narrowed, extended = _grid_rules(group, rules, now, settings.district.pk)
        findings += extended
        narrowed += _repeat_rules(group, rules[WarningKind.REPEAT], settings.path, now)
        if rules[WarningKind.KEY_PERSON].active:
            about = [c.pk for c in group
                     if c.ledger == "stability" and (c.subject_id or c.reporter_id)]
            if about:
                narrowed.append((WarningKind.KEY_PERSON, Case.objects.filter(pk__in=about),
                                 None))
        if not narrowed or settings.district is None:
            continue
        ctx = Context(settings=None, now=now)
        for kind, qs, keep in narrowed:
            found = RULES[kind](ctx, settings.district, rules[kind], qs)
            findings += found if keep is None else [f for f in found if f.key in keep]
    created, _extended = apply_findings(findings)
    return created
