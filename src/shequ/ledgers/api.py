"""Cases over the JSON API (/api/v1/ledgers/), limited to the caller's scope.

GET   categories                          the active categories
GET   cases                               ?ledger=&category=&state=&area=&overdue=&date_from=
                                           &date_to=&mine=&limit=&cursor= → {items, next_cursor}
POST  cases                               CaseIn → 201 CaseDetail (intake; early warning runs)
GET   cases/duplicates                    ?category=&building=&lat=&lng= → suggestions
GET   cases/{id}                          CaseDetail with its timeline
POST  cases/{id}/{step}                   assign|start|resolve|close|escalate|return|reject|rate
                                           StepIn {version?, note, assignee, grid, level, rating}
POST  cases/{id}/duplicate-of             {original, note}
GET   warnings                            ?state=&level=&kind=
POST  warnings/{id}/acknowledge|close     {note}
GET   weekly                              ?community=&week=YYYY-MM-DD → the weekly summary

Errors are {"code", "message", "field"}; a step refused from the current state answers 409
``invalid_transition``; a step on a case someone changed meanwhile answers 409 ``conflict``
(send the ``version`` you saw to be told). Reporter phones appear masked only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.core.keyset import keyset_page
from shequ.core.params import Id
from shequ.supervision import selectors as supervision_selectors

from . import selectors, services
from .errors import CaseErrorCode
from .models import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    OPEN_STATES,
    REPORTER_NAME_MAX,
    TITLE_MAX,
    CaseSource,
    CaseState,
    Ledger,
)

router = Router(tags=["ledgers"])


class Ref(Schema):
    id: int
    name: str


class CategoryOut(Schema):
    code: str
    ledger: str
    name: str
    deadline_working_days: int
    public: bool


class CaseItem(Schema):
    id: int
    title: str
    ledger: str
    category: str
    state: str
    source: str
    grid: Ref | None
    address: str
    assigned_to: Ref | None
    created_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    version: int


class EventOut(Schema):
    kind: str
    from_state: str
    to_state: str
    actor: str
    at: dt.datetime
    note: str


class CaseDetail(CaseItem):
    description: str
    reporter_name: str
    reporter_phone_masked: str
    lat: Decimal | None
    lng: Decimal | None
    escalation_level: str
    rating: str
    reopened_count: int
    duplicate_of: int | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    events: list[EventOut]


class CasePage(Schema):
    items: list[CaseItem]
    next_cursor: str | None


class CaseQuery(Schema):
    ledger: Ledger | None = None
    category: str = Field("", max_length=40, description="category code")
    state: str = Field("", max_length=12, description="a state, or 'open'")
    area: int | None = Field(None, description="id of an area: its whole subtree")
    overdue: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mine: bool = False
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=200)


class CaseIn(Schema):
    category: str = Field(..., max_length=40, description="category code")
    description: str = Field(..., max_length=DESCRIPTION_MAX)
    title: str = Field("", max_length=TITLE_MAX)
    building: int | None = None
    grid: int | None = None
    lat: Decimal | None = None
    lng: Decimal | None = None
    source: CaseSource = CaseSource.API
    reporter_name: str = Field("", max_length=REPORTER_NAME_MAX)
    reporter_phone: str = Field("", max_length=20)
    reporter: int | None = Field(None, description="id of the registered resident who "
                                 "reports (in your area): they follow and rate the case")
    attributes: dict = Field(default_factory=dict)
    duplicate_of: int | None = None


class StepIn(Schema):
    version: int | None = Field(None, description="the version you saw; 409 if it changed")
    note: str = Field("", max_length=NOTE_MAX)
    assignee: int | None = None
    grid: int | None = None
    level: str = ""
    rating: str = ""


class LinkIn(Schema):
    original: int
    note: str = Field("", max_length=NOTE_MAX)


class NoteIn(Schema):
    note: str = Field("", max_length=300)


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


def _item(c) -> dict:
    return {"id": c.pk, "title": c.title, "ledger": c.ledger, "category": c.category.code,
            "state": c.state, "source": c.source, "grid": _ref(c.grid), "address": c.address,
            "assigned_to": _ref(c.assigned_to), "created_at": c.created_at, "due_at": c.due_at,
            "overdue": c.is_overdue, "version": c.version}


def _detail(c) -> dict:
    return {**_item(c), "description": c.description, "reporter_name": c.reporter_name,
            "reporter_phone_masked": c.reporter_phone_masked, "lat": c.lat, "lng": c.lng,
            "escalation_level": c.escalation_level, "rating": c.rating,
            "reopened_count": c.reopened_count, "duplicate_of": c.duplicate_of_id,
            "resolved_at": c.resolved_at, "closed_at": c.closed_at,
            "events": [{"kind": e.kind, "from_state": e.from_state, "to_state": e.to_state,
                        "actor": e.actor_name, "at": e.at, "note": e.note}
                       for e in sorted(c.events.all(), key=lambda e: (e.at, e.id))]}


def _outside(field: str) -> DomainError:
    return DomainError(_("Not found or outside your area."), code=ErrorCode.NOT_FOUND, field=field)


def _intake_building(user, pk):
    try:
        return selectors.intake_building_get(user, pk)
    except NotFound:
        raise _outside("building") from None


def _scoped(qs, pk, field):
    if pk is None:
        return None
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise _outside(field)
    return obj


@router.get("/categories", response=list[CategoryOut])
def categories(request):
    return list(selectors.category_list())


@router.get("/cases", response=CasePage)
def case_list(request, q: Query[CaseQuery]):
    user = request.user
    area = _scoped(selectors.areas_for_filter(user), q.area, "area")
    states = list(OPEN_STATES) if q.state == "open" else ([q.state] if q.state else [])
    if any(s not in CaseState.values for s in states):
        raise DomainError(_("Unknown status."), field="state")
    filters = selectors.CaseFilters(
        ledger=q.ledger or "", states=states, area=area, overdue=q.overdue,
        category=selectors.category_get(q.category) if q.category else None,
        date_from=q.date_from, date_to=q.date_to, assigned_to=user if q.mine else None)
    rows, cursor = keyset_page(
        selectors.case_list(actor=user, filters=filters).order_by("-created_at", "-id"),
        limit=q.limit, cursor=q.cursor)
    return {"items": [_item(c) for c in rows], "next_cursor": cursor}


@router.post("/cases", response={201: CaseDetail})
def case_create(request, payload: CaseIn):
    user = request.user
    try:
        category = selectors.category_get(payload.category)
    except NotFound:
        raise DomainError(_("Unknown category."), field="category") from None
    original = (selectors.case_get_for_actor(user, payload.duplicate_of)
                if payload.duplicate_of else None)
    try:
        reporter = (selectors.reporter_get_for_actor(user, payload.reporter)
                    if payload.reporter else None)
    except NotFound:
        raise _outside("reporter") from None
    case = services.case_create(
        actor=user, category=category, description=payload.description, title=payload.title,
        source=payload.source,
        # The scoped querysets only for what was sent: building one costs a scope lookup.
        building=None if payload.building is None else _intake_building(
            user, payload.building),
        grid=None if payload.grid is None else _scoped(
            selectors.intake_grids(user), payload.grid, "grid"),
        lat=payload.lat, lng=payload.lng, reporter=reporter,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone, attributes=payload.attributes,
        duplicate_of=original)
    return Status(201, _detail(case))


@router.get("/cases/duplicates", response=list[CaseItem])
def duplicates(request, category: str, building: int | None = None,
               lat: Decimal | None = None, lng: Decimal | None = None):
    user = request.user
    found = selectors.duplicate_candidates(
        actor=user, category=selectors.category_get(category),
        building=_scoped(selectors.intake_buildings(user), building, "building"),
        lat=lat, lng=lng)
    return [_item(c) for c in found]


@router.get("/cases/{case_id}", response=CaseDetail)
def case_detail(request, case_id: int):
    return _detail(selectors.case_get_for_actor(request.user, case_id))


@router.post("/cases/{case_id}/duplicate-of", response=CaseDetail)
def case_link(request, case_id: int, payload: LinkIn):
    user = request.user
    case = selectors.case_get_for_actor(user, case_id)
    original = selectors.case_get_for_actor(user, payload.original)
    return _detail(services.case_link_duplicate(actor=user, case=case, original=original,
                                                note=payload.note))


STEPS = {"assign", "start", "resolve", "close", "escalate", "return", "reject", "rate"}


@router.post("/cases/{case_id}/{step}", response=CaseDetail)
def case_step(request, case_id: int, step: str, payload: StepIn):
    user = request.user
    if step not in STEPS:
        raise NotFound()
    case = selectors.case_get_for_actor(user, case_id)
    services.expect_version(case, payload.version)
    note = payload.note
    if step == "assign":
        grid = _scoped(selectors.intake_grids(user), payload.grid, "grid")
        assignee = selectors.assignable_workers(case, grid).filter(pk=payload.assignee or 0).first()
        if assignee is None:
            raise DomainError(_("The assignee must be a grid worker of this case's grid."),
                              code=CaseErrorCode.NOT_GRID_WORKER, field="assignee")
        services.case_assign(actor=user, case=case, assignee=assignee, grid=grid, note=note)
    elif step == "start":
        services.case_start(actor=user, case=case, note=note)
    elif step == "resolve":
        services.case_resolve(actor=user, case=case, note=note)
    elif step == "close":
        services.case_close(actor=user, case=case, note=note)
    elif step == "escalate":
        services.case_escalate(actor=user, case=case, level=payload.level, note=note)
    elif step == "return":
        services.case_return(actor=user, case=case, note=note)
    elif step == "reject":
        services.case_reject(actor=user, case=case, reason=note)
    else:
        services.case_rate(actor=user, case=case, rating=payload.rating, note=note)
    return _detail(selectors.case_get_for_actor(user, case_id))


class WarningOut(Schema):
    id: int
    kind: str
    level: str
    title: str
    state: str
    grid: Ref | None
    assignee: Ref | None
    created_at: dt.datetime
    detail: dict
    case_ids: list[Id]


def _warning(w) -> dict:
    return {"id": w.pk, "kind": w.kind, "level": w.level, "title": w.title, "state": w.state,
            "grid": _ref(w.grid), "assignee": _ref(w.assignee), "created_at": w.created_at,
            "detail": w.detail, "case_ids": [c.pk for c in w.cases.all()]}


@router.get("/warnings", response=list[WarningOut])
def warning_list(request, state: str = "active", level: str = "", kind: str = ""):
    f = selectors.WarningFilters(state=state, level=level, kind=kind)
    qs = selectors.warning_list(actor=request.user, filters=f).prefetch_related("cases")
    return [_warning(w) for w in qs[:200]]


@router.post("/warnings/{warning_id}/{step}", response=WarningOut)
def warning_step(request, warning_id: int, step: str, payload: NoteIn):
    w = selectors.warning_get_for_actor(request.user, warning_id)
    if step == "acknowledge":
        w = services.warning_acknowledge(actor=request.user, warning=w)
    elif step == "close":
        w = services.warning_close(actor=request.user, warning=w, note=payload.note)
    else:
        raise NotFound()
    return _warning(w)


@router.get("/weekly")
def weekly(request, community: int, week: dt.date | None = None):
    area = _scoped(selectors.communities_for_summary(request.user), community, "community")
    s = selectors.weekly_summary(actor=request.user, community=area,
                                 day=week or timezone.localdate())
    return {"community": _ref(area), "start": s.start, "end": s.end, "received": s.received,
            "by_ledger": s.by_ledger, "by_state": s.by_state,
            "by_category": [{"category": n, "ledger": ledger, "count": c}
                            for n, ledger, c in s.by_category],
            "resolved": s.resolved, "closed": s.closed,
            "overdue": [_item(c) for c in s.overdue], "ratings": s.ratings,
            "satisfaction_rate": s.satisfaction_rate, "warnings_raised": s.warnings_raised,
            "warnings_closed": s.warnings_closed,
            # The supervisors' comments of the week (the supervision app keeps them; its
            # own API, /api/v1/supervision/weekly, has every subject and the flags).
            "comments": [{"date": c.on_date, "author": str(c.author),
                          "case": c.object_id if c.kind == "case" else None, "text": c.text}
                         for c in supervision_selectors.week_comments(area, s.start)]}
