"""The territory tree over the API, limited to the caller's scope.

GET areas              ?kind=&parent=&limit=&cursor=  → {items: [Area], next_cursor}
GET areas/{id}         Area + ancestors, child_count, children
GET buildings          ?grid=&limit=&cursor=          → {items: [Building], next_cursor}

Set-up (district / street administrators, manage_territory over the parent):
POST   areas                 {kind, name, code?, parent_id?}  → 201 Area (a grid given no
                             code gets its community's code + 3 digits)
PATCH  areas/{id}            {name?, code?}                  rename / re-code (codes below follow)
POST   areas/{id}/move       {parent_id, code?}              a community to another street, a
                             grid to another community, with everything in it (see
                             territory/moves.py for codes); the caller manages both parents
POST   areas/{id}/retire     {reason}                        → 204; 409 while it holds anything
PUT    areas/{id}/boundary   GeoJSON Polygon/MultiPolygon (or a Feature / one-feature
                             FeatureCollection)              → Area with its boundary
POST   compounds             {community_id, name}            → 201 Compound
POST   buildings             {grid_id, compound_id?, name, lat?, lng?} → 201 Building
POST   buildings/{id}/move   {grid_id}                       → Building
POST   buildings/{id}/entrances {name}                       → 201 Entrance

Households (with their members) are served by the registry router: people are its data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, NotFound
from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.core.params import Id

from . import selectors, services
from .models import Area, AreaKind, Building, Compound, Entrance

router = Router(tags=["territory"])


class AreaOut(Schema):
    id: int
    kind: str
    name: str
    code: str
    path: str
    depth: int
    parent_id: int | None


class AreaRef(Schema):
    id: int
    kind: str
    name: str


class AreaDetailOut(AreaOut):
    ancestors: list[AreaRef]
    child_count: int
    children: list[AreaOut]


class AreaPage(Schema):
    items: list[AreaOut]
    next_cursor: str | None


class AreaQuery(Schema):
    kind: AreaKind | None = None
    parent: int | None = Field(None, description="id of the parent area")
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400)


class BuildingOut(Schema):
    id: int
    name: str
    compound: str | None = Field(None, description="compound (小区) name")
    grid_id: int
    lat: Decimal | None
    lng: Decimal | None


class BuildingPage(Schema):
    items: list[BuildingOut]
    next_cursor: str | None


class BuildingQuery(Schema):
    grid: int | None = Field(None, description="id of a grid")
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400)


def _area(actor, area_id: int, field: str):
    """An area in scope, else 404 naming the parameter (missing and out of scope alike)."""
    try:
        return selectors.area_get_for_actor(actor, area_id)
    except NotFound:
        raise NotFound(field=field) from None


@router.get("/areas", response=AreaPage)
def area_list(request, filters: Query[AreaQuery]):
    """Areas in scope in tree order; ``parent`` gives one node's children."""
    parent = None
    if filters.parent is not None:
        parent = _area(request.auth, filters.parent, "parent")
    qs = selectors.area_list(actor=request.auth, kind=filters.kind, parent=parent)
    items, next_cursor = keyset_page(qs, limit=filters.limit, cursor=filters.cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/areas/{area_id}", response=AreaDetailOut)
def area_detail(request, area_id: int):
    """One area with its breadcrumb and its direct children in scope."""
    area = selectors.area_get_for_actor(request.auth, area_id)
    children = list(selectors.area_list(actor=request.auth, parent=area))
    return {**AreaOut.from_orm(area).dict(), "ancestors": selectors.area_ancestors(area),
            "child_count": len(children), "children": children}


@router.get("/buildings", response=BuildingPage)
def building_list(request, filters: Query[BuildingQuery]):
    """Buildings in scope, optionally of one grid."""
    grid = None
    if filters.grid is not None:
        grid = _area(request.auth, filters.grid, "grid")
    if grid is not None and grid.kind != AreaKind.GRID:
        raise DomainError(_("This area is not a grid."), field="grid")
    qs = selectors.building_list(actor=request.auth, grid=grid)
    items, next_cursor = keyset_page(qs, limit=filters.limit, cursor=filters.cursor)
    return {"items": [_building(b) for b in items], "next_cursor": next_cursor}


def _building(b) -> dict:
    return {"id": b.pk, "name": b.name, "compound": b.compound.name if b.compound_id else None,
            "grid_id": b.grid_id, "lat": b.lat, "lng": b.lng}


# -- set-up ------------------------------------------------------------------------------
class AreaIn(Schema):
    model_config = {"extra": "forbid"}

    kind: AreaKind
    name: str = Field(max_length=limit_of(Area, "name"))
    code: str = Field("", max_length=40, description="统计用区划代码; optional for a grid")
    parent_id: Id | None = None


class AreaPatch(Schema):
    model_config = {"extra": "forbid"}

    name: str | None = Field(None, max_length=limit_of(Area, "name"))
    code: str | None = Field(None, max_length=40)


class ReasonIn(Schema):
    reason: str = Field("", max_length=300)


class AreaBoundaryOut(AreaOut):
    boundary: dict | None = Field(None, description="GeoJSON geometry")


class CompoundIn(Schema):
    model_config = {"extra": "forbid"}

    community_id: Id
    name: str = Field(max_length=limit_of(Compound, "name"))


class CompoundOut(Schema):
    id: int
    name: str
    community_id: int


class BuildingIn(Schema):
    model_config = {"extra": "forbid"}

    grid_id: Id
    compound_id: Id | None = None
    name: str = Field(max_length=limit_of(Building, "name"))
    lat: Decimal | None = Field(None, ge=-90, le=90)
    lng: Decimal | None = Field(None, ge=-180, le=180)


class MoveIn(Schema):
    grid_id: Id


class AreaMoveIn(Schema):
    model_config = {"extra": "forbid"}

    parent_id: Id
    code: str | None = Field(None, max_length=40)


class EntranceIn(Schema):
    name: str = Field(max_length=limit_of(Entrance, "name"))


class EntranceOut(Schema):
    id: int
    name: str
    building_id: int


def _boundary_out(area) -> dict:
    return {**AreaOut.from_orm(area).dict(), "boundary": area.polygon}


@router.post("/areas", response={201: AreaOut})
def area_create(request, payload: AreaIn):
    """Create a street, community or grid under an area in scope (a district: the system
    only, from the command line)."""
    parent = _area(request.auth, payload.parent_id, "parent_id") if payload.parent_id else None
    area = services.area_create(actor=request.auth, kind=payload.kind, name=payload.name,
                                code=payload.code, parent=parent)
    return Status(201, area)


@router.patch("/areas/{area_id}", response=AreaOut)
def area_update(request, area_id: Id, payload: AreaPatch):
    """Rename and/or re-code an area; codes below that began with the old code follow."""
    area = selectors.area_get_for_actor(request.auth, area_id)
    return services.area_update(actor=request.auth, area=area, name=payload.name,
                                code=payload.code)


@router.post("/areas/{area_id}/move", response=AreaOut)
def area_move(request, area_id: Id, payload: AreaMoveIn):
    """Move a community to another street or a grid to another community; codes and the
    paths of everything below follow."""
    area = selectors.area_get_for_actor(request.auth, area_id)
    parent = _area(request.auth, payload.parent_id, "parent_id")
    return services.area_move(actor=request.auth, area=area, parent=parent, code=payload.code)


@router.post("/areas/{area_id}/retire", response={204: None})
def area_retire(request, area_id: Id, payload: ReasonIn):
    """Retire an empty area; 409 naming what it still holds."""
    area = selectors.area_get_for_actor(request.auth, area_id)
    services.area_retire(actor=request.auth, area=area, reason=payload.reason)
    return Status(204, None)


@router.put("/areas/{area_id}/boundary", response=AreaBoundaryOut)
def grid_boundary_set(request, area_id: Id, geojson: dict[str, Any] = Body(...)):  # noqa: B008
    """Set a grid's boundary from a GeoJSON polygon (checked: closed rings, no
    self-intersection, degrees)."""
    grid = selectors.area_get_for_actor(request.auth, area_id)
    return _boundary_out(services.grid_boundary_set(actor=request.auth, grid=grid,
                                                    geojson=geojson))


@router.post("/compounds", response={201: CompoundOut})
def compound_create(request, payload: CompoundIn):
    """A compound (小区) in a community in scope."""
    community = _area(request.auth, payload.community_id, "community_id")
    return Status(201, services.compound_create(actor=request.auth, community=community,
                                                name=payload.name))


@router.post("/buildings", response={201: BuildingOut})
def building_create(request, payload: BuildingIn):
    """A building in a grid in scope, optionally in a compound, with coordinates."""
    grid = _area(request.auth, payload.grid_id, "grid_id")
    compound = None
    if payload.compound_id is not None:
        compound = selectors.compound_get_for_actor(request.auth, payload.compound_id,
                                                    field="compound_id")
    building = services.building_create(actor=request.auth, grid=grid, compound=compound,
                                        name=payload.name, lat=payload.lat, lng=payload.lng)
    return Status(201, _building(building))


@router.post("/buildings/{building_id}/move", response=BuildingOut)
def building_move(request, building_id: Id, payload: MoveIn):
    """Move a building (and everything in it) to another grid of its community."""
    building = selectors.building_get_for_actor(request.auth, building_id)
    grid = _area(request.auth, payload.grid_id, "grid_id")
    return _building(services.building_move(actor=request.auth, building=building, grid=grid))


@router.post("/buildings/{building_id}/entrances", response={201: EntranceOut})
def entrance_create(request, building_id: Id, payload: EntranceIn):
    """A unit entrance (单元) of a building in scope."""
    building = selectors.building_get_for_actor(request.auth, building_id)
    return Status(201, services.entrance_create(actor=request.auth, building=building,
                                                name=payload.name))
