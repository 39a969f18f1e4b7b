"""Party organisations and units (驻区单位) over the API, limited to the caller's scope.

GET  party-orgs   ?limit=&cursor=  → {items: [PartyOrg], next_cursor}
GET  units        ?limit=&cursor=  → {items: [Unit], next_cursor}
POST units        {name, credit_code, kind, area_id, address} → 201 Unit

Set-up (edit_party over the organisation's or unit's area):
POST   party-orgs                {kind, name, area_id, parent_id?, unit_id?, is_fallback} → 201
PATCH  party-orgs/{id}           {name?, kind?, is_fallback?}
POST   party-orgs/{id}/move      {parent_id, area_id?}
POST   party-orgs/{id}/dissolve  {reason} → 204; 409 while it has members or organisations
POST   party-orgs/{id}/member-orgs          {org_id}  大党委: a unit's organisation joins
DELETE party-orgs/{id}/member-orgs/{org_id}
GET    party-orgs/{id}/part-time-members
POST   party-orgs/{id}/part-time-members    {name, unit_id, post, term_start?, term_end?} → 201
DELETE part-time-members/{id}
PATCH  units/{id}                {name?, credit_code?, kind?, area_id?, address?}
POST   units/{id}/close          {reason}
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import NotFound
from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.core.params import Id
from shequ.territory import selectors as territory_selectors

from . import selectors, services
from .models import OrgKind, PartTimeMember, PartyOrg, Unit, UnitKind

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
    member_count: int = 0


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
    closed_at: dt.datetime | None = None


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


# -- set-up ------------------------------------------------------------------------------
def _area(actor, area_id: int, field: str):
    try:
        return territory_selectors.area_get_for_actor(actor, area_id)
    except NotFound:
        raise NotFound(field=field) from None


def _org(actor, org_id: int, field: str | None = None) -> PartyOrg:
    try:
        return selectors.party_org_get_for_actor(actor, org_id)
    except NotFound:
        raise NotFound(field=field) from None


def _unit(actor, unit_id: int, field: str | None = None) -> Unit:
    return selectors.unit_get_for_actor(actor, unit_id, field=field)


class PartyOrgIn(Schema):
    model_config = {"extra": "forbid"}

    kind: OrgKind
    name: str = Field(max_length=limit_of(PartyOrg, "name"))
    area_id: Id
    parent_id: Id | None = None
    unit_id: Id | None = None
    is_fallback: bool = False


class PartyOrgPatch(Schema):
    model_config = {"extra": "forbid"}

    name: str | None = Field(None, max_length=limit_of(PartyOrg, "name"))
    kind: OrgKind | None = None
    is_fallback: bool | None = None


class PartyOrgMoveIn(Schema):
    parent_id: Id | None
    area_id: Id | None = None


class ReasonIn(Schema):
    reason: str = Field("", max_length=200)


class MemberOrgIn(Schema):
    org_id: Id


class PartTimeIn(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(max_length=limit_of(PartTimeMember, "name"))
    unit_id: Id
    post: str = Field(max_length=limit_of(PartTimeMember, "post"))
    term_start: dt.date | None = None
    term_end: dt.date | None = None


class PartTimeOut(Schema):
    id: int
    name: str
    unit_id: int
    post: str
    term_start: dt.date | None
    term_end: dt.date | None


class UnitPatch(Schema):
    model_config = {"extra": "forbid"}

    name: str | None = Field(None, max_length=limit_of(Unit, "name"))
    credit_code: str | None = Field(None, max_length=40)
    kind: UnitKind | None = None
    area_id: Id | None = None
    address: str | None = Field(None, max_length=limit_of(Unit, "address"))


def _org_out(org: PartyOrg) -> PartyOrg:
    org.member_count = org.members.count()
    return org


@router.post("/party-orgs", response={201: PartyOrgOut})
def party_org_create(request, payload: PartyOrgIn):
    """Create a party organisation in the chain of DESIGN §3 (400 field parent otherwise)."""
    area = _area(request.auth, payload.area_id, "area_id")
    parent = _org(request.auth, payload.parent_id, "parent_id") if payload.parent_id else None
    unit = _unit(request.auth, payload.unit_id, "unit_id") if payload.unit_id else None
    org = services.party_org_create(actor=request.auth, kind=payload.kind, name=payload.name,
                                    area=area, parent=parent, unit=unit,
                                    is_fallback=payload.is_fallback)
    return Status(201, _org_out(org))


@router.patch("/party-orgs/{org_id}", response=PartyOrgOut)
def party_org_update(request, org_id: Id, payload: PartyOrgPatch):
    """Rename, re-type or (un)mark as the fallback (区域兜底) organisation."""
    org = _org(request.auth, org_id)
    return _org_out(services.party_org_update(actor=request.auth, org=org, name=payload.name,
                                              kind=payload.kind,
                                              is_fallback=payload.is_fallback))


@router.post("/party-orgs/{org_id}/move", response=PartyOrgOut)
def party_org_move(request, org_id: Id, payload: PartyOrgMoveIn):
    """Put an organisation under another parent (and area)."""
    org = _org(request.auth, org_id)
    parent = _org(request.auth, payload.parent_id, "parent_id") if payload.parent_id else None
    area = _area(request.auth, payload.area_id, "area_id") if payload.area_id else None
    return _org_out(services.party_org_move(actor=request.auth, org=org, parent=parent,
                                            area=area))


@router.post("/party-orgs/{org_id}/dissolve", response={204: None})
def party_org_dissolve(request, org_id: Id, payload: ReasonIn):
    """Dissolve an empty organisation; 409 naming what it still has."""
    org = _org(request.auth, org_id)
    services.party_org_dissolve(actor=request.auth, org=org, reason=payload.reason)
    return Status(204, None)


@router.post("/party-orgs/{org_id}/member-orgs", response=PartyOrgOut)
def committee_member_add(request, org_id: Id, payload: MemberOrgIn):
    """A unit's party organisation joins this community committee's 大党委."""
    committee = _org(request.auth, org_id)
    member = _org(request.auth, payload.org_id, "org_id")
    return _org_out(services.committee_member_add(actor=request.auth, committee=committee,
                                                  org=member))


@router.delete("/party-orgs/{org_id}/member-orgs/{member_id}", response={204: None})
def committee_member_remove(request, org_id: Id, member_id: Id):
    """A unit's organisation leaves the 大党委."""
    committee = _org(request.auth, org_id)
    member = _org(request.auth, member_id, "org_id")
    services.committee_member_remove(actor=request.auth, committee=committee, org=member)
    return Status(204, None)


@router.get("/party-orgs/{org_id}/part-time-members", response=list[PartTimeOut])
def part_time_member_list(request, org_id: Id):
    """A 大党委's part-time members (兼职委员) with posts and terms."""
    committee = _org(request.auth, org_id)
    return list(committee.part_time_members.order_by("id"))


@router.post("/party-orgs/{org_id}/part-time-members", response={201: PartTimeOut})
def part_time_member_add(request, org_id: Id, payload: PartTimeIn):
    """Seat a unit's representative on the committee."""
    committee = _org(request.auth, org_id)
    unit = _unit(request.auth, payload.unit_id, "unit_id")
    member = services.part_time_member_add(
        actor=request.auth, committee=committee, name=payload.name, unit=unit,
        post=payload.post, term_start=payload.term_start, term_end=payload.term_end)
    return Status(201, member)


@router.delete("/part-time-members/{member_id}", response={204: None})
def part_time_member_remove(request, member_id: Id):
    """Take a part-time member off their committee."""
    member = selectors.part_time_member_get_for_actor(request.auth, member_id)
    services.part_time_member_remove(actor=request.auth, member=member)
    return Status(204, None)


@router.patch("/units/{unit_id}", response=UnitOut)
def unit_update(request, unit_id: Id, payload: UnitPatch):
    """Edit a unit; a new credit code passes GB 32100's check."""
    unit = _unit(request.auth, unit_id)
    area = _area(request.auth, payload.area_id, "area_id") if payload.area_id else None
    return services.unit_update(actor=request.auth, unit=unit, name=payload.name,
                                credit_code=payload.credit_code, kind=payload.kind,
                                area=area, address=payload.address)


@router.post("/units/{unit_id}/close", response=UnitOut)
def unit_close(request, unit_id: Id, payload: ReasonIn):
    """Mark a unit closed; 400 when it already is."""
    unit = _unit(request.auth, unit_id)
    return services.unit_close(actor=request.auth, unit=unit, reason=payload.reason)
