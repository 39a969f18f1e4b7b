"""Scoped reads of the dashboard: the areas an actor may read, the figures they may see
there, and each figure's per-child values — from the worker's cache for the figures that
need it (standard periods), live otherwise.

Every value comes from the figure's own ``compute``, which starts from its app's scoped
selector; the cache holds what the system computed, shown only to actors who hold the
figure's action over the whole area (``DashboardPolicy.shows``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import manifest
from shequ.core.errors import NotFound
from shequ.core.figures import Figure, Period, Place
from shequ.territory.models import CHILD_KIND, SEGMENT_WIDTH, Area, AreaKind

from . import periods
from .errors import DashboardErrorCode
from .models import FigureCache
from .policies import Action, dashboard_policy

GRID_PATH_LEN = sum(SEGMENT_WIDTH.values()) + len(SEGMENT_WIDTH) - 1
# A cached figure older than this is refreshed by the worker (the page still shows it, and
# says how old it is).
STALE_AFTER = dt.timedelta(minutes=30)


def place_of(area: Area, *, child_kind: str | None = None) -> Place:
    """The figure's view of an area: grouped by its children (or by ``child_kind``, a
    deeper level: the grids of a district for the big screen's map)."""
    kind = child_kind or CHILD_KIND.get(area.kind)
    if kind is None:
        return Place(area.pk, area.path, len(area.path), area.kind)
    levels = list(SEGMENT_WIDTH)
    length = sum(SEGMENT_WIDTH[k] + 1 for k in levels[: levels.index(kind) + 1]) - 1
    return Place(area.pk, area.path, length, area.kind)


def my_areas(actor) -> list[Area]:
    """The top areas of the actor's dashboard scope (usually one)."""
    paths = dashboard_policy.places(actor)
    return list(Area.objects.filter(path__in=paths).order_by("path")) if paths else []


def area_get_for_actor(actor, area_id=None) -> Area:
    """The area to show: ``area_id`` if inside the actor's scope (NotFound otherwise, the
    same answer as for a missing one), else the first of their own areas."""
    if area_id is None:
        areas = my_areas(actor)
        if not areas:
            raise NotFound()
        return areas[0]
    try:
        area = Area.objects.get(pk=area_id)
    except (Area.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    dashboard_policy.require(actor, Action.VIEW_DASHBOARD, area)
    return area


def ancestors_in_scope(actor, area: Area) -> list[Area]:
    """The breadcrumb: the area's ancestors the actor may read, top first."""
    parts = area.path.split(".")
    paths = [".".join(parts[:i]) for i in range(1, len(parts))]
    rows = Area.objects.filter(path__in=paths).order_by("path")
    return [a for a in rows if dashboard_policy.can(actor, Action.VIEW_DASHBOARD, a)]


def children_of(area: Area) -> list[Area]:
    return list(Area.objects.filter(parent=area).order_by("path"))


def figure_get(key: str) -> Figure:
    for figure in manifest.figures():
        if figure.key == key:
            return figure
    raise NotFound(_("No such figure."), code=DashboardErrorCode.UNKNOWN_FIGURE, field="figure")


def visible_figures(actor, area: Area) -> list[Figure]:
    """The figures the actor may read over the whole area, in their declared order."""
    return [f for f in manifest.figures() if dashboard_policy.shows(actor, f, area)]


@dataclass
class Reading:
    """One figure over one area and period: per-child values and when they were computed
    (``cached`` False: just now, live)."""

    figure: Figure
    values: dict
    computed_at: dt.datetime
    cached: bool

    @property
    def total(self) -> float:
        return sum(self.values.values())

    @property
    def stale(self) -> bool:
        return self.cached and timezone.now() - self.computed_at > STALE_AFTER


def _cacheable(period: Period) -> bool:
    return period in periods.standard_periods()


def readings(actor, area: Area, period: Period, figures: list[Figure]) -> list[Reading]:
    """Each figure's values over ``area``: the cached figures in one query, the live ones
    one grouped query each."""
    place = place_of(area)
    cached = {}
    keys = [f.key for f in figures if f.needs_cache]
    if keys and _cacheable(period):
        cached = {row.figure: row for row in FigureCache.objects.filter(
            path=area.path, start=period.start, end=period.end, figure__in=keys)}
    out = []
    for figure in figures:
        row = cached.get(figure.key)
        if row is not None:
            out.append(Reading(figure, row.values, row.computed_at, True))
        else:
            out.append(Reading(figure, dict(figure.compute(actor, place, period)),
                               timezone.now(), False))
    return out


def missing_cache(area: Area, period: Period, readings_: list[Reading]) -> bool:
    """Whether a cached figure was missing or stale (the page then asks the worker)."""
    return _cacheable(period) and any(
        r.figure.needs_cache and (not r.cached or r.stale) for r in readings_)


def trend(actor, figure: Figure, area: Area, period: Period) -> list[tuple[Period, float]]:
    """The area's total of a timed figure in each of the twelve months up to the period's
    end: a cached figure's months from the cache (one query), the others (and months the
    worker has not computed) one grouped query a month, the area its own only child."""
    months = periods.trend_months(period)
    cached = {}
    if figure.needs_cache:
        cached = {(r.start, r.end): sum(r.values.values()) for r in FigureCache.objects.filter(
            figure=figure.key, path=area.path, start__gte=months[0].start,
            end__lte=months[-1].end).only("start", "end", "values")}
    place = Place(area.pk, area.path, len(area.path), area.kind)
    return [(m, cached[(m.start, m.end)] if (m.start, m.end) in cached
             else sum(figure.compute(actor, place, m).values())) for m in months]


def grid_values(actor, figure: Figure, area: Area, period: Period, *,
                live: bool = False) -> dict[str, float]:
    """The figure per grid under the area (the big screen's map): a cached figure from the
    cached rows of the communities (and grid) under the area, one query; else computed in
    one grouped query."""
    if figure.needs_cache and not live and _cacheable(period):
        rows = FigureCache.objects.filter(
            figure=figure.key, start=period.start, end=period.end,
            **Place(area.pk, area.path, 0).within()).only("path", "values")
        depth = GRID_PATH_LEN if area.kind == AreaKind.GRID else place_of(
            area, child_kind=AreaKind.COMMUNITY).child_len
        found = [r for r in rows if len(r.path) == depth]
        if found:
            return {k: v for r in found for k, v in r.values.items()}
    return dict(figure.compute(actor, place_of(area, child_kind=AreaKind.GRID), period))


def grids_with_boundaries(area: Area) -> list[Area]:
    """The grids under the area that have a boundary to draw."""
    return list(Area.objects.filter(kind=AreaKind.GRID, polygon__isnull=False,
                                    **Place(area.pk, area.path, 0).within())
                .order_by("path").only("pk", "name", "path", "polygon"))
