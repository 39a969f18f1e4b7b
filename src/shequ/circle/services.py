"""Writes of the 15-minute circle: service points (create, edit, close) and the
computation of every building's coverage. Keyword-only, atomic, checked through the app's
policy and audited in the same transaction."""

from __future__ import annotations

import os
import time
from decimal import Decimal, InvalidOperation

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.lean import insert_many
from shequ.core.scoping import Scope
from shequ.territory.models import AreaKind, Building

from .errors import CircleErrorCode
from .models import BuildingCoverage, CoverageRun, PointCategory, ServicePoint
from .network import StreetGraph, load_graph, nearest_network
from .policies import Action, point_policy, run_policy
from .walk import NETWORK, STRAIGHT, WalkModel, nearest_straight

POINT_AREAS = (AreaKind.COMMUNITY, AreaKind.STREET)
_FIELDS = ("category", "name", "address", "lat", "lng", "opening_hours", "area", "is_active")


def coordinates(lat, lng) -> tuple[Decimal | None, Decimal | None]:
    """Both coordinates (degrees, 6 decimals) or neither; anything else is refused."""
    blank = [v in (None, "") for v in (lat, lng)]
    if all(blank):
        return None, None
    if any(blank):
        raise DomainError(_("Give both latitude and longitude, or neither."),
                          code=CircleErrorCode.HALF_COORDINATES, field="lat" if blank[0] else "lng")
    try:
        lat_d, lng_d = (Decimal(str(v).strip()).quantize(Decimal("0.000001")) for v in (lat, lng))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Coordinates must be numbers in degrees."),
                          code=CircleErrorCode.BAD_COORDINATES, field="lat") from None
    if not (-90 <= lat_d <= 90):
        raise DomainError(_("Latitude must lie between -90 and 90 degrees."),
                          code=CircleErrorCode.BAD_COORDINATES, field="lat")
    if not (-180 <= lng_d <= 180):
        raise DomainError(_("Longitude must lie between -180 and 180 degrees."),
                          code=CircleErrorCode.BAD_COORDINATES, field="lng")
    return lat_d, lng_d


def _clean(data: dict) -> dict:
    if data["category"] not in PointCategory.values:
        raise DomainError(_("Unknown category."), code=CircleErrorCode.BAD_CATEGORY,
                          field="category")
    name = (data["name"] or "").strip()
    if not name:
        raise DomainError(_("Give the point's name."), code=ErrorCode.REQUIRED, field="name")
    if data["area"].kind not in POINT_AREAS:
        raise DomainError(_("A service point belongs to a community or a street."),
                          code=CircleErrorCode.NOT_A_COMMUNITY, field="area")
    lat, lng = coordinates(data.get("lat"), data.get("lng"))
    return {**data, "name": name[:80], "lat": lat, "lng": lng,
            "address": (data.get("address") or "").strip()[:200],
            "opening_hours": (data.get("opening_hours") or "").strip()[:120]}


def _save(point: ServicePoint) -> None:
    try:
        with transaction.atomic():
            point.save()
    except IntegrityError:
        raise Conflict(_("This community already has a point of that category with that "
                         "name."), code=ErrorCode.DUPLICATE, field="name") from None


def _snapshot(p: ServicePoint) -> dict:
    return {"category": p.category, "name": p.name, "address": p.address,
            "lat": str(p.lat) if p.lat is not None else None,
            "lng": str(p.lng) if p.lng is not None else None,
            "opening_hours": p.opening_hours, "area": p.area_id, "is_active": p.is_active}


@transaction.atomic
def point_create(*, actor, category: str, name: str, area, address: str = "", lat=None,
                 lng=None, opening_hours: str = "", is_active: bool = True) -> ServicePoint:
    """Register a service point at a community or street the actor manages; a point
    without coordinates is kept (listed with a warning, left out of the circle)."""
    point_policy.require(actor, Action.MANAGE_POINTS, area)
    data = _clean({"category": category, "name": name, "area": area, "address": address,
                   "lat": lat, "lng": lng, "opening_hours": opening_hours,
                   "is_active": is_active})
    point = ServicePoint(**data, path=area.path)
    _save(point)
    audit.record(actor=actor, action="create", entity="service_point", entity_id=point.pk,
                 summary=point.name, after=_snapshot(point))
    return point


@transaction.atomic
def point_update(*, actor, point: ServicePoint, **changes) -> ServicePoint:
    """Edit a point (moving it to another community needs the right over both)."""
    point_policy.require(actor, Action.MANAGE_POINTS, point)
    data = _clean({f: changes.get(f, getattr(point, f)) for f in _FIELDS})
    point_policy.require(actor, Action.MANAGE_POINTS, data["area"])
    before = _snapshot(point)
    for f, v in data.items():
        setattr(point, f, v)
    point.path = point.area.path
    after = _snapshot(point)
    if after == before:
        return point
    _save(point)
    audit.record(actor=actor, action="update", entity="service_point", entity_id=point.pk,
                 summary=point.name, before=before, after=after)
    return point


@transaction.atomic
def point_delete(*, actor, point: ServicePoint) -> None:
    """Remove a point entered by mistake (a closed office is marked closed instead)."""
    point_policy.require(actor, Action.MANAGE_POINTS, point)
    audit.record(actor=actor, action="delete", entity="service_point", entity_id=point.pk,
                 summary=point.name, before=_snapshot(point))
    point.delete()


def _points_by_category() -> dict[str, tuple[list[int], np.ndarray, np.ndarray]]:
    """Every open, located point (all areas: a bank across the street boundary serves)."""
    out: dict[str, tuple[list, list, list]] = {c: ([], [], []) for c in PointCategory.values}
    rows = ServicePoint.objects.filter(is_active=True, lat__isnull=False, lng__isnull=False) \
        .values_list("pk", "category", "lat", "lng")
    for pk, cat, lat, lng in rows:
        ids, lats, lngs = out[cat]
        ids.append(pk)
        lats.append(float(lat))
        lngs.append(float(lng))
    return {c: (ids, np.array(la, float), np.array(ln, float)) for c, (ids, la, ln) in out.items()}


@transaction.atomic
def coverage_compute(*, actor, area, model: WalkModel | None = None,
                     graph: StreetGraph | None = None) -> CoverageRun:
    """(Re)compute the circle for every building under ``area``: one row per building and
    category, replacing the previous rows in one transaction (a reader sees the old
    figures or the new, never half). Buildings without coordinates are counted apart."""
    run_policy.require(actor, Action.MANAGE_POINTS, area)
    model = model or WalkModel.from_settings()
    if not (1.0 <= model.detour <= 3.0 and 1.0 <= model.speed_kmh <= 10.0
            and 1 <= model.minutes <= 60):
        raise DomainError(_("Detour factor 1–3, walking speed 1–10 km/h, 1–60 minutes."),
                          code=CircleErrorCode.BAD_PARAMETER, field="detour")
    started = time.perf_counter()
    within = Scope.of([area.path]).path_q()
    rows = list(Building.objects.filter(within).values_list("pk", "path", "lat", "lng"))
    located = [r for r in rows if r[2] is not None and r[3] is not None]
    b_lat = np.array([float(r[2]) for r in located])
    b_lng = np.array([float(r[3]) for r in located])
    radius = model.radius_m
    points = _points_by_category()
    out: list[tuple] = []
    for cat, (ids, p_lat, p_lng) in points.items():
        if graph is not None:
            idx, dist = nearest_network(graph, b_lat, b_lng, p_lat, p_lng, limit=radius * 2)
        else:
            idx, dist = nearest_straight(b_lat, b_lng, p_lat, p_lng, model.detour)
        finite = np.isfinite(dist)
        covered = finite & (dist <= radius)
        metres = np.where(finite, np.rint(np.where(finite, dist, 0)), -1).astype(np.int64)
        for i, (pk, path, _la, _ln) in enumerate(located):
            near = int(idx[i])
            out.append((pk, cat, bool(covered[i]), int(metres[i]) if finite[i] else None,
                        ids[near] if finite[i] and near >= 0 else None, path))
    BuildingCoverage.objects.filter(within).delete()
    insert_many(BuildingCoverage, ("building_id", "category", "covered", "distance_m",
                                   "point_id", "path"), out)
    run = CoverageRun.objects.create(
        area=area, path=area.path, mode=NETWORK if graph is not None else STRAIGHT,
        detour=model.detour, speed_kmh=model.speed_kmh, minutes=model.minutes,
        graph_name=graph.name if graph is not None else "", buildings=len(located),
        unlocated_buildings=len(rows) - len(located),
        points=sum(len(v[0]) for v in points.values()),
        seconds=round(time.perf_counter() - started, 3))
    audit.record(actor=actor, action="compute_coverage", entity="coverage_run",
                 entity_id=run.pk, summary=f"{area.name} {run.mode}",
                 after={"buildings": run.buildings, "points": run.points, "mode": run.mode})
    return run


_graphs: dict[tuple[str, float], StreetGraph] = {}


def configured_graph() -> StreetGraph | None:
    """The street graph of ``CIRCLE_STREET_GRAPH`` (read once per file version), or None."""
    path = getattr(settings, "CIRCLE_STREET_GRAPH", "") or ""
    if not path:
        return None
    key = (path, os.path.getmtime(path) if os.path.exists(path) else 0.0)
    if key not in _graphs:
        _graphs.clear()
        _graphs[key] = load_graph(path)
    return _graphs[key]


def coverage_compute_configured(*, actor, area) -> CoverageRun:
    """The circle as the installation is configured: the street graph when one is set,
    else straight-line with the configured detour factor (the page's button, the task)."""
    run_policy.require(actor, Action.MANAGE_POINTS, area)
    return coverage_compute(actor=actor, area=area, graph=configured_graph())
