"""The territory tree over the API, limited to the caller's scope.

GET areas              ?kind=&parent=&limit=&cursor=  → {items: [Area], next_cursor}
GET areas/{id}         Area + ancestors, child_count, children
GET buildings          ?grid=&limit=&cursor=          → {items: [Building], next_cursor}

Households (with their members) are served by the registry router: people are its data.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from shequ.core.errors import DomainError, NotFound
from shequ.core.keyset import keyset_page

from . import selectors
from .models import AreaKind

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
