"""民生联解 over the JSON API (/api/v1/services/).

GET   items                          ?q=&cursor=&limit= the catalogue offered to me
POST  items                          ItemIn → 201 (catalogue managers)
POST  items/{id}/retire              {reason} → the item, retired
GET   requests                       ?state=&overdue=&mine=&area=&cursor=&limit=
POST  requests                       RequestIn → 201 (resident: for themselves; staff: for
                                     a resident of their area, 代办 with an authorisation)
GET   requests/{id}                  with its trail
POST  requests/{id}/{step}           accept | hand-off {to} | complete | refuse {reason} |
                                     withdraw; {version, note?}; 409 stale_version
POST  requests/{id}/rate             {rating 1–5, comment} → 409 already_rated
POST  authorisations                 AuthorisationIn → 201; 400 authorisation_expired
POST  visits                         {household, resident?, note, theme?, opinion?} → 201
POST  opinions                       OpinionIn → 201
POST  opinions/{id}/answer|case|refer
Residents' phones and ID numbers never appear: a request names the resident only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.ledgers.selectors import category_get
from shequ.registry.selectors import resident_get_for_actor, resident_of
from shequ.territory.filters import in_area
from shequ.territory.selectors import area_get_for_actor, household_get_for_actor

from . import selectors, services
from .models import CatalogueItem, Channel, Opinion, Payer, RequestChannel, Theme
from .policies import Action

router = Router(tags=["services"])


class Paging(Schema):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class ItemOut(Schema):
    id: int
    code: str
    name: str
    department: str
    materials: list[str]
    time_limit_days: int
    fee: Decimal
    payer: str
    channel: str
    counter: str
    home_service: bool
    active: bool


class ItemPage(Schema):
    items: list[ItemOut]
    next_cursor: str | None


class ItemIn(Schema):
    area: int
    code: str = Field(..., max_length=limit_of(CatalogueItem, "code"))
    name: str = Field(..., max_length=limit_of(CatalogueItem, "name"))
    department: str = Field(..., max_length=limit_of(CatalogueItem, "department"))
    materials: str = Field("", max_length=limit_of(CatalogueItem, "materials"))
    time_limit_days: int = Field(..., ge=0, le=120)
    fee: Decimal = Field(Decimal(0), ge=0, max_digits=8, decimal_places=2)
    payer: Payer = Payer.FREE
    channel: Channel = Channel.BOTH
    counter: str = Field(..., max_length=limit_of(CatalogueItem, "counter"))
    home_service: bool = False


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class EventOut(Schema):
    kind: str
    to_state: str
    holder: str
    note: str
    at: dt.datetime


class RequestOut(Schema):
    id: int
    item: int
    item_name: str
    resident: int
    resident_name: str
    channel: str
    state: str
    holder: str
    home_service: bool
    authorisation: int | None
    due_at: dt.datetime | None
    rating: int | None
    version: int
    trail: list[EventOut] = []


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


class RequestIn(Schema):
    item: int
    resident: int
    channel: RequestChannel = RequestChannel.COUNTER
    note: str = Field("", max_length=1000)
    home_service: bool = False
    authorisation: int | None = None


class StepIn(Schema):
    version: int | None = None
    note: str = Field("", max_length=500)
    to: str = Field("", max_length=60)
    reason: str = Field("", max_length=500)


class RateIn(Schema):
    rating: int
    comment: str = Field("", max_length=200)


class AuthorisationIn(Schema):
    resident: int
    granted_by: str = Field(..., max_length=40)
    purpose: str = Field(..., max_length=200)
    valid_until: dt.date
    item: int | None = None


class AuthorisationOut(Schema):
    id: int
    resident: int
    granted_by: str
    purpose: str
    item: int | None
    valid_until: dt.date


class VisitIn(Schema):
    household: int
    resident: int | None = None
    note: str = Field("", max_length=500)
    theme: str = Field("", max_length=12, description="of an opinion heard on the visit")
    opinion: str = Field("", max_length=limit_of(Opinion, "text"))


class VisitOut(Schema):
    id: int
    household: int
    at: dt.datetime


class OpinionIn(Schema):
    session: int | None = None
    visit: int | None = None
    theme: Theme
    text: str = Field(..., max_length=limit_of(Opinion, "text"))
    resident: int | None = None
    speaker: str = Field("", max_length=40)


class OpinionOut(Schema):
    id: int
    theme: str
    text: str
    answer: str
    outcome: str
    case: int | None
    deliberation_ref: int | None


class OpinionActIn(Schema):
    answer: str = Field("", max_length=2000)
    category: str = ""
    deliberation_ref: int | None = None


def _item(i) -> dict:
    return {"id": i.pk, "code": i.code, "name": i.name, "department": i.department,
            "materials": i.material_list(), "time_limit_days": i.time_limit_days,
            "fee": i.fee, "payer": i.payer, "channel": i.channel, "counter": i.counter,
            "home_service": i.home_service, "active": i.is_active}


def _request(r, trail=False) -> dict:
    return {"id": r.pk, "item": r.item_id, "item_name": r.item.name, "resident": r.resident_id,
            "resident_name": r.resident.name, "channel": r.channel, "state": r.state,
            "holder": r.holder, "home_service": r.home_service,
            "authorisation": r.authorisation_id, "due_at": r.due_at, "rating": r.rating,
            "version": r.version, "trail": selectors.request_trail(r) if trail else []}


def _opinion(o) -> dict:
    return {"id": o.pk, "theme": o.theme, "text": o.text, "answer": o.answer,
            "outcome": o.outcome, "case": o.case_id, "deliberation_ref": o.deliberation_ref}


@router.get("/items", response=ItemPage)
def item_list(request, p: Query[Paging], q: str = ""):
    rows, cursor = keyset_page(selectors.item_list(actor=request.user, q=q),
                               limit=p.limit, cursor=p.cursor)
    return {"items": [_item(i) for i in rows], "next_cursor": cursor}


@router.post("/items", response={201: ItemOut})
def item_create(request, payload: ItemIn):
    area = area_get_for_actor(request.user, payload.area)
    item = services.item_create(actor=request.user, area=area,
                                **payload.dict(exclude={"area"}))
    return Status(201, _item(item))


@router.post("/items/{item_id}/retire", response=ItemOut)
def item_retire(request, item_id: int, payload: ReasonIn):
    item = selectors.item_get_for_actor(request.user, item_id)
    return _item(services.item_retire(actor=request.user, item=item, reason=payload.reason))


@router.get("/requests", response=RequestPage)
def request_list(request, p: Query[Paging], state: str = "", overdue: bool = False,
                 mine: bool = False, area: int | None = None):
    """``area``: one where the user sees requests (404 on ``area`` else)."""
    qs = in_area(selectors.request_list(actor=request.user, state=state[:12], overdue=overdue,
                                        mine=mine),
                 actor=request.user, action=Action.VIEW_SERVICES, area_id=area, refuse=True)
    rows, cursor = keyset_page(qs, limit=p.limit, cursor=p.cursor)
    return {"items": [_request(r) for r in rows], "next_cursor": cursor}


@router.get("/requests/{request_id}", response=RequestOut)
def request_detail(request, request_id: int):
    return _request(selectors.request_get_for_actor(request.user, request_id), trail=True)


@router.post("/requests", response={201: RequestOut})
def request_submit(request, payload: RequestIn):
    user = request.user
    item = selectors.item_get_for_actor(user, payload.item)
    resident = _resident(user, payload.resident)
    auth = (selectors.authorisation_get_for_actor(user, payload.authorisation)
            if payload.authorisation else None)
    req = services.request_submit(actor=user, item=item, resident=resident,
                                  channel=payload.channel, note=payload.note,
                                  home_service=payload.home_service, authorisation=auth)
    return Status(201, request_detail(request, req.pk))


def _resident(user, resident_id):
    """The resident a request names: oneself, or one the caller may see in the registry."""
    own = resident_of(user)
    if own is not None and own.pk == resident_id:
        return own
    return resident_get_for_actor(user, resident_id)


STEPS = {
    "accept": lambda u, r, p: services.request_accept(actor=u, service_request=r, version=p.version),
    "hand-off": lambda u, r, p: services.request_hand_off(actor=u, service_request=r, to=p.to,
                                                          note=p.note, version=p.version),
    "complete": lambda u, r, p: services.request_complete(actor=u, service_request=r, note=p.note,
                                                          version=p.version),
    "refuse": lambda u, r, p: services.request_refuse(actor=u, service_request=r, reason=p.reason,
                                                      version=p.version),
    "withdraw": lambda u, r, p: services.request_withdraw(actor=u, service_request=r,
                                                          version=p.version),
}


@router.post("/requests/{request_id}/rate", response=RequestOut)
def request_rate(request, request_id: int, payload: RateIn):
    req = selectors.request_get_for_actor(request.user, request_id)
    services.request_rate(actor=request.user, service_request=req, rating=payload.rating,
                          comment=payload.comment)
    return request_detail(request, req.pk)


@router.post("/requests/{request_id}/{step}", response=RequestOut)
def request_step(request, request_id: int, step: str, payload: StepIn):
    if step not in STEPS:
        raise NotFound()
    req = selectors.request_get_for_actor(request.user, request_id)
    STEPS[step](request.user, req, payload)
    return request_detail(request, req.pk)


@router.post("/authorisations", response={201: AuthorisationOut})
def authorisation_record(request, payload: AuthorisationIn):
    user = request.user
    resident = resident_get_for_actor(user, payload.resident)
    item = selectors.item_get_for_actor(user, payload.item) if payload.item else None
    a = services.authorisation_record(actor=user, resident=resident,
                                      granted_by=payload.granted_by, purpose=payload.purpose,
                                      valid_until=payload.valid_until, item=item)
    return Status(201, {"id": a.pk, "resident": a.resident_id, "granted_by": a.granted_by,
                        "purpose": a.purpose, "item": a.item_id, "valid_until": a.valid_until})


@router.post("/visits", response={201: VisitOut})
def visit_log(request, payload: VisitIn):
    user = request.user
    household = household_get_for_actor(user, payload.household)
    resident = resident_get_for_actor(user, payload.resident) if payload.resident else None
    v = services.visit_log(actor=user, household=household, resident=resident,
                           note=payload.note, theme=payload.theme, opinion=payload.opinion)
    return Status(201, {"id": v.pk, "household": v.household_id, "at": v.at})


@router.post("/opinions", response={201: OpinionOut})
def opinion_record(request, payload: OpinionIn):
    user = request.user
    session = selectors.session_get_for_actor(user, payload.session) if payload.session else None
    visit = _visit(user, payload.visit) if payload.visit else None
    resident = resident_get_for_actor(user, payload.resident) if payload.resident else None
    o = services.opinion_record(actor=user, session=session, visit=visit, resident=resident,
                                theme=payload.theme, text=payload.text, speaker=payload.speaker)
    return Status(201, _opinion(o))


def _visit(user, visit_id):
    row = selectors.visit_list(actor=user).filter(pk=visit_id).first()
    if row is None:
        raise NotFound()
    return row


@router.post("/opinions/{opinion_id}/{act}", response=OpinionOut)
def opinion_act(request, opinion_id: int, act: str, payload: OpinionActIn):
    user = request.user
    o = selectors.opinion_get_for_actor(user, opinion_id)
    if act == "answer":
        o = services.opinion_answer(actor=user, opinion=o, answer=payload.answer)
    elif act == "case":
        category = _category(payload.category)
        o = services.opinion_file_case(actor=user, opinion=o, category=category)
    elif act == "refer":
        o = services.opinion_refer(actor=user, opinion=o,
                                   deliberation_ref=payload.deliberation_ref)
    else:
        raise NotFound()
    return _opinion(o)


def _category(code):
    try:
        return category_get(code) if code else None
    except NotFound:
        raise DomainError(_("Unknown category."), code=ErrorCode.INVALID,
                          field="category") from None
