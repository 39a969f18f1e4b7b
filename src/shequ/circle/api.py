"""The 15-minute service circle over the JSON API (/api/v1/circle/).

GET    points            ?category=&area=&located=&q=&cursor=&limit= → {items, next_cursor};
                         an item without coordinates has ``located: false`` (listed, never
                         dropped)
POST   points            {category, name, area, address?, lat?, lng?, opening_hours?} → 201;
                         400 point_category_unknown / coordinates_incomplete /
                         coordinates_out_of_range / point_area_not_community; 409 duplicate
GET    points/{id}       PATCH points/{id} (any field)     DELETE points/{id} → 204
GET    coverage          ?area= → {model, run, communities: [{name, buildings, cells}]}
POST   compute           {area?} → 201 the run (straight-line, or the configured street graph)
GET    gaps              ?category=&area=&cursor= → buildings outside the walk
GET    candidates        ?category=&area=&k= → ranked sites, with the score explained
GET    map/points  map/buildings?category=  map/grids → GeoJSON FeatureCollections
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, NotFound
from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.territory import selectors as territory_selectors

from . import evidence, mapdata, selectors, services
from .errors import CircleErrorCode
from .model_text import describe
from .models import PointCategory, ServicePoint
from .policies import Action, point_policy
from .walk import STRAIGHT, WalkModel

router = Router(tags=["circle"])


class Paging(Schema):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class PointQuery(Paging):
    category: str = ""
    area: int | None = None
    located: bool | None = None
    q: str = Field("", max_length=80)


class PointIn(Schema):
    category: str
    name: str = Field(..., max_length=limit_of(ServicePoint, "name"))
    area: int
    address: str = Field("", max_length=limit_of(ServicePoint, "address"))
    lat: Decimal | None = None
    lng: Decimal | None = None
    opening_hours: str = Field("", max_length=limit_of(ServicePoint, "opening_hours"))
    is_active: bool = True


class PointPatch(Schema):
    category: str | None = None
    name: str | None = Field(None, max_length=limit_of(ServicePoint, "name"))
    area: int | None = None
    address: str | None = Field(None, max_length=limit_of(ServicePoint, "address"))
    lat: Decimal | None = None
    lng: Decimal | None = None
    opening_hours: str | None = Field(None, max_length=limit_of(ServicePoint, "opening_hours"))
    is_active: bool | None = None


class PointOut(Schema):
    id: int
    category: str
    name: str
    area: int
    address: str
    lat: float | None
    lng: float | None
    located: bool
    opening_hours: str
    is_active: bool


class PointPage(Schema):
    items: list[PointOut]
    next_cursor: str | None


class RunOut(Schema):
    id: int
    area: int
    mode: str
    detour: float
    speed_kmh: float
    minutes: int
    radius_m: float
    graph_name: str
    buildings: int
    unlocated_buildings: int
    points: int
    seconds: float
    computed_at: dt.datetime


class CellOut(Schema):
    category: str
    covered: int
    total: int
    percent: int | None


class CommunityOut(Schema):
    path: str
    name: str
    buildings: int
    cells: list[CellOut]


class CoverageOut(Schema):
    model: str
    run: RunOut | None
    communities: list[CommunityOut]


class ComputeIn(Schema):
    area: int | None = None


class GapQuery(Paging):
    category: str = ""
    area: int | None = None


class CandidateQuery(Schema):
    category: str
    area: int | None = None
    k: int = Field(5, ge=1, le=20)


class GapOut(Schema):
    building: int
    name: str
    category: str
    covered: bool
    distance_m: int | None
    point: int | None


class GapPage(Schema):
    items: list[GapOut]
    next_cursor: str | None


class CandidateOut(Schema):
    rank: int
    building: int
    name: str
    score: int
    buildings: int
    households: int
    cases: int


class CandidatesOut(Schema):
    category: str
    score: str
    items: list[CandidateOut]


def _point(p: ServicePoint) -> dict:
    return {"id": p.pk, "category": p.category, "name": p.name, "area": p.area_id,
            "address": p.address, "lat": float(p.lat) if p.lat is not None else None,
            "lng": float(p.lng) if p.lng is not None else None, "located": p.located,
            "opening_hours": p.opening_hours, "is_active": p.is_active}


def _run(r) -> dict | None:
    if r is None:
        return None
    return {"id": r.pk, "area": r.area_id, "mode": r.mode, "detour": r.detour,
            "speed_kmh": r.speed_kmh, "minutes": r.minutes, "radius_m": r.radius_m,
            "graph_name": r.graph_name, "buildings": r.buildings,
            "unlocated_buildings": r.unlocated_buildings, "points": r.points,
            "seconds": r.seconds, "computed_at": r.computed_at}


def _area_path(request, area_id) -> str:
    return territory_selectors.area_get_for_actor(request.user, area_id).path if area_id else ""


def _category(value: str, *, required: bool = False) -> str:
    if (value or required) and value not in PointCategory.values:
        raise DomainError(_("Unknown category; use one of: %(c)s") % {"c": ", ".join(PointCategory.values)},
                          code=CircleErrorCode.BAD_CATEGORY, field="category")
    return value


@router.get("/points", response=PointPage)
def point_list(request, q: Query[PointQuery]):
    qs = selectors.point_list(actor=request.user, q=q.q, category=_category(q.category),
                              area_path=_area_path(request, q.area), located=q.located)
    rows, cursor = keyset_page(qs, limit=q.limit, cursor=q.cursor)
    return {"items": [_point(p) for p in rows], "next_cursor": cursor}


@router.post("/points", response={201: PointOut})
def point_create(request, payload: PointIn):
    data = payload.dict()
    data["area"] = territory_selectors.area_get_for_actor(request.user, payload.area)
    point = services.point_create(actor=request.user, **data)
    return Status(201, _point(selectors.point_get_for_actor(request.user, point.pk)))


@router.get("/points/{point_id}", response=PointOut)
def point_detail(request, point_id: int):
    return _point(selectors.point_get_for_actor(request.user, point_id))


@router.patch("/points/{point_id}", response=PointOut)
def point_update(request, point_id: int, payload: PointPatch):
    point = selectors.point_get_for_actor(request.user, point_id)
    changes = payload.dict(exclude_unset=True)
    if "area" in changes:
        changes["area"] = territory_selectors.area_get_for_actor(request.user, changes["area"])
    services.point_update(actor=request.user, point=point, **changes)
    return _point(selectors.point_get_for_actor(request.user, point_id))


@router.delete("/points/{point_id}", response={204: None})
def point_delete(request, point_id: int):
    services.point_delete(actor=request.user,
                          point=selectors.point_get_for_actor(request.user, point_id))
    return Status(204, None)


@router.get("/coverage", response=CoverageOut)
def coverage(request, area: int | None = None):
    run = selectors.run_latest(request.user)
    model = WalkModel(run.detour, run.speed_kmh, run.minutes) if run else \
        WalkModel.from_settings()
    return {"model": describe(mode=run.mode if run else STRAIGHT, model=model,
                              graph_name=run.graph_name if run else ""),
            "run": _run(run),
            "communities": selectors.coverage_by_community(
                actor=request.user, area_path=_area_path(request, area))}


@router.post("/compute", response={201: RunOut})
def compute(request, payload: ComputeIn):
    area = selectors.area_of_run(request.user, _area_path(request, payload.area))
    return Status(201, _run(services.coverage_compute_configured(actor=request.user,
                                                                 area=area)))


@router.get("/gaps", response=GapPage)
def gaps(request, q: Query[GapQuery]):
    qs = selectors.gap_list(actor=request.user, category=_category(q.category),
                            area_path=_area_path(request, q.area))
    rows, cursor = keyset_page(qs, limit=q.limit, cursor=q.cursor)
    return {"items": [{"building": g.building_id, "name": str(g.building),
                       "category": g.category, "covered": g.covered,
                       "distance_m": g.distance_m, "point": g.point_id} for g in rows],
            "next_cursor": cursor}


@router.get("/candidates", response=CandidatesOut)
def candidates(request, q: Query[CandidateQuery]):
    category = _category(q.category, required=True)
    run = selectors.run_latest(request.user)
    if run is None:
        raise DomainError(_("The circle has not been computed for your area yet."),
                          code=CircleErrorCode.NOT_COMPUTED, field="category")
    gaps = [(g.building_id, float(g.building.lat), float(g.building.lng)) for g in
            selectors.gap_list(actor=request.user, category=category,
                               area_path=_area_path(request, q.area))[:5000]]
    ranked = evidence.rank_candidates(gaps=gaps, category=category, k=q.k,
                                      model=WalkModel(run.detour, run.speed_kmh, run.minutes))
    return {"category": category, "score": str(evidence.SCORE_TEXT), "items": [
        {"rank": c.rank, "building": c.building.pk, "name": str(c.building), "score": c.score,
         "buildings": c.buildings, "households": c.households, "cases": c.cases}
        for c in ranked]}


@router.get("/map/points")
def map_points(request, category: str = ""):
    _need(request)
    return mapdata.points_geojson(actor=request.user, category=_category(category))


@router.get("/map/buildings")
def map_buildings(request, category: str = "", area: int | None = None):
    _need(request)
    return mapdata.buildings_geojson(actor=request.user, category=_category(category),
                                     area_path=_area_path(request, area))


@router.get("/map/grids")
def map_grids(request):
    _need(request)
    return mapdata.grids_geojson(actor=request.user)


def _need(request) -> None:
    if not point_policy.holds(request.user, Action.VIEW_CIRCLE):
        raise NotFound()
