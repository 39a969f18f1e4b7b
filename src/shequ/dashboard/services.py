"""Writes of the dashboard: refreshing the cached figures (``Figure.needs_cache``).

A refresh reads each cached figure once per period over each district, grouped by grid
(one query), and derives every area's per-child values from those grid values by path
prefix: the figures add up (counts and sums), so a street's communities are the sums of
their grids. One query per figure and period whatever the number of areas; the rows of all
areas are then replaced in one transaction, so a page never reads half a refresh."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from shequ.core import audit, manifest
from shequ.core.actors import SYSTEM, is_system
from shequ.core.errors import Forbidden
from shequ.core.figures import Period
from shequ.territory.models import Area, AreaKind

from . import periods
from .models import FigureCache
from .policies import Action, dashboard_policy
from .selectors import grid_values, place_of


def _derive(areas: list[Area], grid_vals: dict[str, float]) -> dict[str, dict[str, float]]:
    """Every area's ``{child path: value}`` from the values per grid (or per shorter path,
    for rows that lie on a community or street itself)."""
    out: dict[str, dict[str, float]] = {}
    for area in areas:
        length = place_of(area).child_len
        inside = defaultdict(float)
        prefix = area.path + "."
        for path, value in grid_vals.items():
            if path == area.path or path.startswith(prefix):
                inside[path[:length]] += value
        out[area.path] = dict(inside)
    return out


@transaction.atomic
def figures_refresh(*, actor, period_list: list[Period] | None = None,
                    keys: list[str] | None = None) -> int:
    """Recompute the cached figures of every area for the standard periods and, for timed
    figures, the twelve months of their trend line (or for the periods given); returns
    the rows written. Only the system (the worker) or an administrator
    who may refresh the whole tree; audited."""
    roots = list(Area.objects.filter(kind=AreaKind.DISTRICT).order_by("path"))
    if not is_system(actor) and not all(
            dashboard_policy.can(actor, Action.REFRESH_DASHBOARD, r) for r in roots):
        raise Forbidden()
    figures = [f for f in manifest.figures() if f.needs_cache and (keys is None or f.key in keys)]
    standard = period_list or periods.standard_periods()
    months = [] if period_list else periods.recent_months()
    areas = list(Area.objects.order_by("path").only("pk", "path", "kind"))
    now = timezone.now()
    rows = []
    todo = [(f, p) for f in figures
            for p in dict.fromkeys([*standard, *(months if f.timed else [])])]
    for figure, period in todo:
        grid_vals: dict[str, float] = {}
        for root in roots:
            grid_vals.update(grid_values(SYSTEM, figure, root, period, live=True))
        for path, values in _derive(areas, grid_vals).items():
            rows.append(FigureCache(figure=figure.key, path=path, start=period.start,
                                    end=period.end, values=values, computed_at=now))
    for figure, period in todo:
        FigureCache.objects.filter(figure=figure.key, start=period.start,
                                   end=period.end).delete()
    FigureCache.objects.bulk_create(rows, batch_size=500)
    audit.record(actor=actor, action="dashboard_refresh", entity="figure_cache",
                 entity_id="", summary=f"{len(rows)} rows")
    return len(rows)
