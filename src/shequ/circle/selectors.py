"""Scoped reads of the 15-minute circle: points, the latest computation, coverage per
community and category, the gap list and the map's GeoJSON."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from shequ.core.errors import NotFound
from shequ.territory.models import AreaKind, Building

from .models import BuildingCoverage, CoverageRun, PointCategory, ServicePoint
from .policies import Action, coverage_policy, point_policy

COMMUNITY_PATH_LEN = len("01.01.001")  # district.street.community (territory SEGMENT_WIDTH)


def point_list(*, actor, q: str = "", category: str = "", area_path: str = "",
               located: bool | None = None, action: str = Action.VIEW_CIRCLE
               ) -> QuerySet[ServicePoint]:
    """The actor's points, filtered; points without coordinates included (they are listed
    with a warning, never dropped)."""
    qs = point_policy.instances_for(actor, action).select_related("area")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if category:
        qs = qs.filter(category=category)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    if located is True:
        qs = qs.filter(lat__isnull=False, lng__isnull=False)
    elif located is False:
        qs = qs.filter(Q(lat__isnull=True) | Q(lng__isnull=True))
    return qs.order_by("path", "id")


def point_get_for_actor(actor, point_id: int, action: str = Action.VIEW_CIRCLE) -> ServicePoint:
    """One point; NotFound for missing and out of scope alike."""
    point = point_list(actor=actor, action=action).filter(pk=point_id).first()
    if point is None:
        raise NotFound(field="point")
    return point


def run_latest(actor) -> CoverageRun | None:
    """The newest computation that touched the actor's area (a district run counts for a
    community's staff: it covered their buildings too)."""
    scope = actor_scope(actor)
    for run in CoverageRun.objects.order_by("-computed_at", "-id")[:50]:
        if scope is None or scope.covers_path(run.path) or any(
                p.startswith(run.path + ".") or p == run.path for p in scope.paths):
            return run
    return None


def actor_scope(actor):
    """None for the system (everything), else the actor's scope for viewing the circle."""
    from shequ.core.actors import is_system

    return None if is_system(actor) else actor.scope_for(Action.VIEW_CIRCLE)


def coverage_rows(*, actor, area_path: str = "", category: str = "") -> QuerySet:
    qs = coverage_policy.instances_for(actor, Action.VIEW_CIRCLE)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    if category:
        qs = qs.filter(category=category)
    return qs


def coverage_by_community(*, actor, area_path: str = "") -> list[dict]:
    """Per community: buildings counted and, per category, how many reach it and the %.
    One grouped query."""
    from shequ.territory.models import Area

    agg = (coverage_rows(actor=actor, area_path=area_path)
           .annotate(community=Substr("path", 1, COMMUNITY_PATH_LEN))
           .values("community", "category")
           .annotate(total=Count("id"), covered=Count("id", filter=Q(covered=True)))
           .order_by("community", "category"))
    table: dict[str, dict] = {}
    for row in agg:
        entry = table.setdefault(row["community"], {"path": row["community"], "cells": {}})
        entry["cells"][row["category"]] = (row["covered"], row["total"])
        entry["buildings"] = max(entry.get("buildings", 0), row["total"])
    names = dict(Area.objects.filter(path__in=list(table), kind=AreaKind.COMMUNITY)
                 .values_list("path", "name"))
    out = []
    for path, entry in table.items():
        cells = []
        for cat in PointCategory.values:
            covered, total = entry["cells"].get(cat, (0, 0))
            cells.append({"category": cat, "covered": covered, "total": total,
                          "percent": round(100 * covered / total) if total else None})
        out.append({"path": path, "name": names.get(path, path), "cells": cells,
                    "buildings": entry["buildings"]})
    return out


def gap_list(*, actor, category: str = "", area_path: str = "") -> QuerySet[BuildingCoverage]:
    """Buildings that reach a category only beyond the walk (or not at all), with the
    nearest point and its distance."""
    return (coverage_rows(actor=actor, area_path=area_path, category=category)
            .filter(covered=False)
            .select_related("building", "building__compound", "building__grid", "point")
            .order_by("path", "id"))


def unlocated_buildings(*, actor, area_path: str = "") -> int:
    """Buildings without coordinates in the actor's area: not in the circle's figures."""
    qs = Building.objects.for_actor(actor, Action.VIEW_CIRCLE)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    return qs.filter(Q(lat__isnull=True) | Q(lng__isnull=True)).count()


def areas_for(actor, action: str = Action.VIEW_CIRCLE):
    """Streets and communities the actor may choose (filters, the point form)."""
    from shequ.territory.models import Area

    return (Area.objects.for_actor(actor, action)
            .filter(kind__in=(AreaKind.STREET, AreaKind.COMMUNITY)).order_by("path"))


def run_areas_for(actor):
    """The district, streets and communities the actor may recompute, widest first."""
    from shequ.territory.models import Area

    return (Area.objects.for_actor(actor, Action.MANAGE_POINTS)
            .exclude(kind=AreaKind.GRID).order_by("depth", "path"))


def area_of_run(actor, area_path: str):
    """The area a recomputation covers: the chosen one, else the actor's widest area."""
    from shequ.territory.models import Area

    qs = Area.objects.for_actor(actor, Action.MANAGE_POINTS)
    if area_path:
        area = qs.filter(path=area_path).first()
    else:
        area = qs.exclude(kind=AreaKind.GRID).order_by("depth", "path").first()
    if area is None:
        raise NotFound(field="area")
    return area
