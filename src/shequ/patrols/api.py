"""平安联护 over the JSON API (/api/v1/patrols/).

GET   routes                 ?grid=&cursor= → {items, next_cursor} (staff)
POST  routes                 {grid, name} → 201
GET   routes/{id}            with its checkpoints and their check-in URLs
POST  routes/{id}/checkpoints  {building | compound, label?} → 201
PUT   routes/{id}/checkpoints/order  {order: [every checkpoint id, first to last]} → the
                             route; 400 checkpoint_order_mismatch
POST  routes/{id}/checkpoints/{cid}/move  {position: 1…n} → the route; 400
                             position_out_of_range
GET   shifts/mine            my published shifts from today (a patrol member)
POST  check-in/{token}       scan a checkpoint → 201; 403 checkpoint_not_on_shift,
                             409 outside_shift / already_checked_in
GET   incidents              ?grid=&cursor= → {items, next_cursor}
POST  incidents              {category, note, shift? | grid?, building?, place?} → 201
POST  incidents/{id}/case    file in the stability ledger → 201 {case}; 409 already_filed
POST  plans                  {area, month: "YYYY-MM", max_shifts} → 201 draft with its
                             uncovered slots; 409 grid_without_routes / plan_published
GET   plans/{id}             the plan and its uncovered slots
POST  plans/{id}/publish     → the published plan
POST  shifts/{id}/swap       {to_member, reason} → 201; 409 member_unavailable /
                             member_busy / over_max_shifts
POST  swaps/{id}/approve     POST swaps/{id}/decline
GET   ratings                ?month=YYYY-MM&community= → buildings ranked by 平安楼栋 score
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import NotFound
from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.territory import selectors as territory_selectors

from . import selectors, services
from .models import Incident, IncidentCategory, Route, SwapRequest

router = Router(tags=["patrols"])


class Paging(Schema):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class GridPaging(Paging):
    grid: int | None = None


class CheckpointOut(Schema):
    id: int
    order: int
    label: str
    building: int | None
    compound: int | None
    check_in_url: str


class RouteOut(Schema):
    id: int
    grid: int
    name: str
    is_active: bool
    checkpoints: list[CheckpointOut] = []


class RoutePage(Schema):
    items: list[RouteOut]
    next_cursor: str | None


class RouteIn(Schema):
    grid: int
    name: str = Field(..., max_length=limit_of(Route, "name"))


class CheckpointIn(Schema):
    building: int | None = None
    compound: int | None = None
    label: str = Field("", max_length=60)


class OrderIn(Schema):
    order: list[int] = Field(..., max_length=200)


class MoveIn(Schema):
    position: int


class ShiftOut(Schema):
    id: int
    route: int
    route_name: str
    grid: str
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str
    missed: list[int]


class CheckInOut(Schema):
    id: int
    shift: int
    checkpoint: int
    at: dt.datetime


class IncidentIn(Schema):
    category: IncidentCategory
    note: str = Field(..., max_length=limit_of(Incident, "note"))
    shift: int | None = None
    grid: int | None = None
    building: int | None = None
    place: str = Field("", max_length=limit_of(Incident, "place"))


class IncidentOut(Schema):
    id: int
    category: str
    grid: int
    building: int | None
    place: str
    note: str
    at: dt.datetime
    case: int | None


class IncidentPage(Schema):
    items: list[IncidentOut]
    next_cursor: str | None


class CaseOut(Schema):
    case: int
    ledger: str


class PlanIn(Schema):
    area: int
    month: str = Field(..., pattern=r"^\d{4}-\d{2}$")
    max_shifts: int = Field(8, ge=1, le=31)


class UncoveredOut(Schema):
    grid: str
    date: dt.date
    starts: dt.time
    ends: dt.time
    missing: int


class PlanOut(Schema):
    id: int
    area: int
    month: str
    state: str
    max_shifts: int
    slots: int
    covered: int
    uncovered: list[UncoveredOut]


class SwapIn(Schema):
    to_member: int
    reason: str = Field(..., max_length=limit_of(SwapRequest, "reason"))


class SwapOut(Schema):
    id: int
    shift: int
    to_member: int
    state: str


class RatingOut(Schema):
    rank: int
    building: int
    name: str
    score: int
    coverage: float
    incidents: int
    cases: int


def _point(request, p) -> dict:
    return {"id": p.pk, "order": p.order, "label": p.label, "building": p.building_id,
            "compound": p.compound_id, "check_in_url": request.build_absolute_uri(
                reverse("patrols:check-in", args=[p.token]))}


def _route(request, r, with_points=False) -> dict:
    return {"id": r.pk, "grid": r.grid_id, "name": r.name, "is_active": r.is_active,
            "checkpoints": [_point(request, p) for p in selectors.route_checkpoints(r)]
            if with_points else []}


def _shift(s) -> dict:
    return {"id": s.pk, "route": s.route_id, "route_name": s.route.name,
            "grid": s.route.grid.name, "date": s.date, "starts_at": s.starts_at,
            "ends_at": s.ends_at, "state": s.state, "missed": s.missed}


def _incident(i) -> dict:
    return {"id": i.pk, "category": i.category, "grid": i.grid_id, "building": i.building_id,
            "place": i.place, "note": i.note, "at": i.at, "case": i.case_id}


def _plan(p) -> dict:
    return {"id": p.pk, "area": p.area_id, "month": f"{p.month:%Y-%m}", "state": p.state,
            "max_shifts": p.max_shifts, "slots": p.slots, "covered": p.covered,
            "uncovered": selectors.plan_uncovered(p)}


def _grid(request, grid_id):
    return territory_selectors.area_get_for_actor(request.user, grid_id) if grid_id else None


@router.get("/routes", response=RoutePage)
def route_list(request, q: Query[GridPaging]):
    grid = _grid(request, q.grid)
    rows, cursor = keyset_page(selectors.route_list(actor=request.user, grid=grid),
                               limit=q.limit, cursor=q.cursor)
    return {"items": [_route(request, r) for r in rows], "next_cursor": cursor}


@router.post("/routes", response={201: RouteOut})
def route_create(request, payload: RouteIn):
    route = services.route_create(actor=request.user, grid=_grid(request, payload.grid),
                                  name=payload.name)
    return Status(201, _route(request, route, True))


@router.get("/routes/{route_id}", response=RouteOut)
def route_detail(request, route_id: int):
    return _route(request, selectors.route_get_for_actor(request.user, route_id), True)


@router.post("/routes/{route_id}/checkpoints", response={201: CheckpointOut})
def checkpoint_add(request, route_id: int, payload: CheckpointIn):
    route = selectors.route_get_for_actor(request.user, route_id)
    building = (selectors.building_in_grid(route.grid, payload.building)
                if payload.building else None)
    compound = (selectors.compound_in_grid_community(route.grid, payload.compound)
                if payload.compound else None)
    point = services.checkpoint_add(actor=request.user, route=route, building=building,
                                    compound=compound, label=payload.label)
    return Status(201, _point(request, point))


@router.put("/routes/{route_id}/checkpoints/order", response=RouteOut)
def checkpoint_reorder(request, route_id: int, payload: OrderIn):
    route = selectors.route_get_for_actor(request.user, route_id)
    services.checkpoint_reorder(actor=request.user, route=route, order=payload.order)
    return _route(request, route, True)


@router.post("/routes/{route_id}/checkpoints/{checkpoint_id}/move", response=RouteOut)
def checkpoint_move(request, route_id: int, checkpoint_id: int, payload: MoveIn):
    route = selectors.route_get_for_actor(request.user, route_id)
    services.checkpoint_move(actor=request.user, position=payload.position,
                             checkpoint=selectors.route_checkpoint(route, checkpoint_id))
    return _route(request, route, True)


@router.get("/shifts/mine", response=list[ShiftOut])
def my_shifts(request):
    return [_shift(s) for s in selectors.my_shifts(request.user)[:62]]


@router.post("/check-in/{token}", response={201: CheckInOut})
def check_in(request, token: str):
    row = services.checkpoint_check_in(actor=request.user, token=token)
    return Status(201, {"id": row.pk, "shift": row.shift_id, "checkpoint": row.checkpoint_id,
                        "at": row.at})


@router.get("/incidents", response=IncidentPage)
def incident_list(request, q: Query[GridPaging]):
    rows, cursor = keyset_page(
        selectors.incident_list(actor=request.user, grid=_grid(request, q.grid)),
        limit=q.limit, cursor=q.cursor)
    return {"items": [_incident(i) for i in rows], "next_cursor": cursor}


@router.post("/incidents", response={201: IncidentOut})
def incident_report(request, payload: IncidentIn):
    shift = selectors.shift_get_for_actor(request.user, payload.shift) if payload.shift else None
    grid = shift.route.grid if shift else _grid(request, payload.grid)
    building = (selectors.building_in_grid(grid, payload.building)
                if payload.building and grid else None)
    row = services.incident_report(actor=request.user, category=payload.category,
                                   note=payload.note, grid=grid, shift=shift,
                                   building=building, place=payload.place)
    return Status(201, _incident(row))


@router.post("/incidents/{incident_id}/case", response={201: CaseOut})
def incident_file_case(request, incident_id: int):
    incident = selectors.incident_get_for_actor(request.user, incident_id)
    case = services.incident_file_case(actor=request.user, incident=incident)
    return Status(201, {"case": case.pk, "ledger": case.ledger})


@router.post("/plans", response={201: PlanOut})
def plan_generate(request, payload: PlanIn):
    area = territory_selectors.area_get_for_actor(request.user, payload.area)
    plan = services.plan_generate(actor=request.user, area=area,
                                  month=selectors.month_param(payload.month),
                                  max_shifts=payload.max_shifts)
    return Status(201, _plan(plan))


@router.get("/plans/{plan_id}", response=PlanOut)
def plan_detail(request, plan_id: int):
    return _plan(selectors.plan_get_for_actor(request.user, plan_id))


@router.post("/plans/{plan_id}/publish", response=PlanOut)
def plan_publish(request, plan_id: int):
    plan = selectors.plan_get_for_actor(request.user, plan_id)
    return _plan(services.plan_publish(actor=request.user, plan=plan))


@router.post("/shifts/{shift_id}/swap", response={201: SwapOut})
def swap_request(request, shift_id: int, payload: SwapIn):
    shift = selectors.shift_get_for_actor(request.user, shift_id)
    taker = selectors.pool_for_shift(shift).filter(pk=payload.to_member).first()
    if taker is None:
        raise NotFound(field="to_member")
    swap = services.swap_request(actor=request.user, shift=shift, to_member=taker,
                                 reason=payload.reason)
    return Status(201, {"id": swap.pk, "shift": swap.shift_id, "to_member": taker.pk,
                        "state": swap.state})


def _decide(request, swap_id: int, approve: bool) -> dict:
    swap = selectors.swap_get_for_actor(request.user, swap_id)
    swap = services.swap_decide(actor=request.user, swap=swap, approve=approve)
    return {"id": swap.pk, "shift": swap.shift_id, "to_member": swap.to_member_id,
            "state": swap.state}


@router.post("/swaps/{swap_id}/approve", response=SwapOut)
def swap_approve(request, swap_id: int):
    return _decide(request, swap_id, True)


@router.post("/swaps/{swap_id}/decline", response=SwapOut)
def swap_decline(request, swap_id: int):
    return _decide(request, swap_id, False)


@router.get("/ratings", response=list[RatingOut])
def rating_list(request, month: str = "", community: int | None = None):
    area = _grid(request, community)
    rows = selectors.rating_list(actor=request.user, month=selectors.month_param(month),
                                 area_path=area.path if area else "")[:500]
    return [{"rank": n, "building": r.building_id, "name": str(r.building), "score": r.score,
             "coverage": round(r.coverage, 3), "incidents": r.incidents, "cases": r.cases}
            for n, r in enumerate(rows, 1)]
