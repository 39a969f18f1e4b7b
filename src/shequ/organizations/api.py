"""Party organisations and units (驻区单位) over the API, limited to the caller's scope.

GET  party-orgs   ?limit=&cursor=  → {items: [PartyOrg], next_cursor}
GET  units        ?limit=&cursor=  → {items: [Unit], next_cursor}
POST units        {name, credit_code, kind, area_id, address} → 201 Unit
"""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import NotFound
from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.territory import selectors as territory_selectors

from . import selectors, services
from .models import Unit, UnitKind

router = Router(tags=["organizations"])


class PageQuery(Schema):
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400)


class AreaRef(Schema):
    id: int
    kind: str
    name: str


class PartyOrgOut(Schema):
    id: int
    kind: str
    name: str
    parent_id: int | None
    area: AreaRef
    unit_id: int | None
    is_fallback: bool
    member_count: int


class PartyOrgPage(Schema):
    items: list[PartyOrgOut]
    next_cursor: str | None


class UnitOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    area: AreaRef
    address: str


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


class UnitIn(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(max_length=limit_of(Unit, "name"))
    credit_code: str = Field(max_length=40, description="unified social credit code, 18 chars")
    kind: UnitKind
    area_id: int
    address: str = Field("", max_length=limit_of(Unit, "address"))


@router.get("/party-orgs", response=PartyOrgPage)
def party_org_list(request, page: Query[PageQuery]):
    """Party organisations attached to areas in scope, with their member counts."""
    qs = selectors.party_org_list(actor=request.auth)
    items, next_cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/units", response=UnitPage)
def unit_list(request, page: Query[PageQuery]):
    """Units registered in areas in scope."""
    qs = selectors.unit_list(actor=request.auth)
    items, next_cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/units", response={201: UnitOut})
def unit_create(request, payload: UnitIn):
    """Register a unit in an area in scope; the credit code must pass GB 32100's check."""
    try:
        area = territory_selectors.area_get_for_actor(request.auth, payload.area_id)
    except NotFound:
        raise NotFound(field="area_id") from None
    unit = services.unit_create(actor=request.auth, name=payload.name,
                                credit_code=payload.credit_code, kind=payload.kind,
                                area=area, address=payload.address.strip())
    return Status(201, unit)
