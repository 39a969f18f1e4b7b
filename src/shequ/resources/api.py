"""Shared resources over the JSON API (/api/v1/), so that other systems can book.

GET   resources                          ?kind=&q=&capacity=&limit=&cursor= the resources the
                                         caller sees → {items, next_cursor}
GET   resources/{id}/availability        ?from=&to= (dates, ≤ 62 days): each day's opening
                                         band, busy and free stretches
POST  resources/{id}/bookings            BookingIn → 201 confirmed (the owner), 202 pending
                                         (a request, or an owner's booking negotiating);
                                         409 slot_taken with the conflicting slot
GET   bookings                           ?limit=&cursor= my upcoming bookings → {items,
                                         next_cursor}
POST  bookings/{id}/confirm              the owner confirms a request (409 slot_taken)
POST  bookings/{id}/decline              {reason}
POST  bookings/{id}/propose              {message?, starts_at?, ends_at?} another time
POST  bookings/{id}/accept               accept the other side's proposal / give way
POST  bookings/{id}/cancel               {reason}
GET   pairings                           urban-rural pairings with their exchanges (contact
                                         phones masked)
GET   resource-members                   ?limit=&cursor= the units on the sharing platforms
                                         in the caller's scope (平台成员) → {items, next_cursor}
POST  resource-members                   MemberIn → 201: a unit joins a community's platform
PATCH resource-members/{id}              MemberPatch: its monthly quota (null: no cap), its
                                         delegates (user names, the whole set), its contact
                                         and contact phone (kept encrypted; every response
                                         shows it masked: there is no reveal here)
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.timezone import localtime
from ninja import Field, Query, Router, Schema, Status

from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page

from . import selectors, services
from .models import (
    LIVE,
    Booking,
    BookingStatus,
    NegotiationMessage,
    PlatformMember,
    ResourceKind,
)

router = Router(tags=["resources"])
PHONE_MAX = 20  # "+86 139-1234-5678" and the like; the service parses it


class PageQuery(Schema):
    """Keyset paging, as every API list: pass ``next_cursor`` back as ``cursor``."""

    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400, description="next_cursor of the last page")


class ResourceQuery(PageQuery):
    kind: ResourceKind | None = None
    q: str = Field("", max_length=40)
    capacity: int | None = Field(None, ge=1, description="at least this many people")


class Window(Schema):
    from_: dt.date = Field(..., alias="from")
    to: dt.date


class ResourceOut(Schema):
    id: int
    name: str
    kind: str
    community: str
    owner: str
    location: str
    capacity: int | None
    bookable_by: str
    rules: str


class ResourcePage(Schema):
    items: list[ResourceOut]
    next_cursor: str | None


class Stretch(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class BusyOut(Stretch):
    status: str


class DayOut(Schema):
    date: dt.date
    opens: dt.datetime | None
    closes: dt.datetime | None
    closed: str = Field(description='"holiday", "weekday" or ""')
    busy: list[BusyOut]
    free: list[Stretch]


class BookingIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    attendees: int = Field(1, ge=1, le=100000)
    purpose: str = Field("", max_length=limit_of(Booking, "purpose"))
    unit: int | None = Field(None, description="book on behalf of this unit (its delegate)")


class BookingOut(Schema):
    id: int
    resource: int
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    attendees: int
    purpose: str
    unit: int | None
    reason: str


class BookingPage(Schema):
    items: list[BookingOut]
    next_cursor: str | None


class MemberOut(Schema):
    id: int
    unit: int
    unit_name: str
    community: int
    community_name: str
    contact: str
    contact_phone: str = Field(description="masked, e.g. 139****5678")
    monthly_quota_hours: int | None
    delegates: list[str]
    is_active: bool


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None


class MemberIn(Schema):
    model_config = {"extra": "forbid"}

    unit: int
    community: int
    contact: str = Field("", max_length=limit_of(PlatformMember, "contact"),
                         description="the contact person's name (no phone number in it)")
    contact_phone: str = Field("", max_length=PHONE_MAX,
                               description="mobile or landline with area code; kept encrypted")
    monthly_quota_hours: int | None = Field(None, description="hours per month; null: no cap")
    delegates: list[str] = Field([], max_length=50, description="user names")


class MemberPatch(Schema):
    """Only the fields sent change; ``monthly_quota_hours: null`` lifts the cap."""

    model_config = {"extra": "forbid"}

    contact: str | None = Field(None, max_length=limit_of(PlatformMember, "contact"))
    contact_phone: str | None = Field(None, max_length=PHONE_MAX, description='"": none')
    monthly_quota_hours: int | None = None
    delegates: list[str] | None = Field(None, max_length=50, description="user names, all")


class ReasonIn(Schema):
    reason: str = Field(..., max_length=limit_of(Booking, "reason"))


class ProposeIn(Schema):
    message: str = Field("", max_length=limit_of(NegotiationMessage, "text"))
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None


class ExchangeOut(Schema):
    id: int
    form: str
    date: dt.date
    people: list[str]
    resources: list[str]
    outcome: str


class PairingOut(Schema):
    id: int
    community: str
    village: str
    township: str
    contact: str
    contact_phone: str = Field(description="masked, e.g. 139****5678")
    exchanges: list[ExchangeOut]


def _resource(r) -> dict:
    return {"id": r.pk, "name": r.name, "kind": r.kind, "community": r.community.name,
            "owner": r.owner_name, "location": r.location, "capacity": r.capacity,
            "bookable_by": r.bookable_by, "rules": r.rules}


def _booking(b) -> dict:
    return {"id": b.pk, "resource": b.resource_id, "status": b.status,
            "starts_at": localtime(b.starts_at), "ends_at": localtime(b.ends_at), "attendees": b.attendees,
            "purpose": b.purpose, "unit": b.unit_id, "reason": b.reason}


@router.get("/resources", response=ResourcePage)
def resource_list(request, filters: Query[ResourceQuery]):
    qs = selectors.resource_list(actor=request.user, kind=filters.kind or "",
                                 q=filters.q, capacity=filters.capacity)
    rows, next_cursor = keyset_page(qs, limit=filters.limit, cursor=filters.cursor)
    return {"items": [_resource(r) for r in rows], "next_cursor": next_cursor}


@router.get("/resources/{resource_id}/availability", response=list[DayOut])
def availability(request, resource_id: int, window: Query[Window]):
    resource = selectors.resource_get_for_actor(request.user, resource_id)
    days = selectors.availability(resource, window.from_, window.to)
    return [{"date": d.date, "opens": d.opens, "closes": d.closes, "closed": d.closed,
             "busy": [{"starts_at": localtime(b.starts_at), "ends_at": localtime(b.ends_at),
                       "status": b.status}
                      for b in d.busy],
             "free": [{"starts_at": localtime(a), "ends_at": localtime(b)}
                      for a, b in d.free]} for d in days]


@router.post("/resources/{resource_id}/bookings", response={201: BookingOut, 202: BookingOut})
def booking_request(request, resource_id: int, payload: BookingIn):
    resource = selectors.resource_get_for_actor(request.user, resource_id)
    unit = selectors.booking_unit(request.user, payload.unit) if payload.unit else None
    b = services.booking_request(actor=request.user, resource=resource, unit=unit,
                                 **payload.dict(exclude={"unit"}))
    return Status(201 if b.status == BookingStatus.CONFIRMED else 202, _booking(b))


@router.get("/bookings", response=BookingPage)
def my_bookings(request, page: Query[PageQuery]):
    qs = selectors.my_bookings(actor=request.user).filter(status__in=LIVE)
    rows, next_cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": [_booking(b) for b in rows], "next_cursor": next_cursor}


def _get(request, booking_id):
    return selectors.booking_get_for_actor(request.user, booking_id)


@router.post("/bookings/{booking_id}/confirm", response=BookingOut)
def booking_confirm(request, booking_id: int):
    return _booking(services.booking_confirm(actor=request.user,
                                             booking=_get(request, booking_id)))


@router.post("/bookings/{booking_id}/decline", response=BookingOut)
def booking_decline(request, booking_id: int, payload: ReasonIn):
    return _booking(services.booking_decline(actor=request.user,
                                             booking=_get(request, booking_id),
                                             reason=payload.reason))


@router.post("/bookings/{booking_id}/propose", response={201: BookingOut})
def booking_propose(request, booking_id: int, payload: ProposeIn):
    booking = _get(request, booking_id)
    services.booking_propose(actor=request.user, booking=booking, **payload.dict())
    return Status(201, _booking(_get(request, booking_id)))


@router.post("/bookings/{booking_id}/accept", response=BookingOut)
def booking_accept(request, booking_id: int):
    return _booking(services.booking_accept(actor=request.user,
                                            booking=_get(request, booking_id)))


@router.post("/bookings/{booking_id}/cancel", response=BookingOut)
def booking_cancel(request, booking_id: int, payload: ReasonIn):
    return _booking(services.booking_cancel(actor=request.user,
                                            booking=_get(request, booking_id),
                                            reason=payload.reason))


@router.get("/pairings", response=list[PairingOut])
def pairing_list(request, q: str = ""):
    out = []
    for p in selectors.pairing_list(actor=request.user, q=q[:40])[:200]:
        out.append({"id": p.pk, "community": p.community.name, "village": p.village,
                    "township": p.township, "contact": p.contact,
                    "contact_phone": p.contact_phone_masked, "exchanges": [
                        {"id": e.pk, "form": e.form, "date": e.on_date,
                         "people": [r.name for r in e.residents.all()]
                         + ([e.people_text] if e.people_text else []),
                         "resources": [r.name for r in e.resources.all()]
                         + ([e.resources_text] if e.resources_text else []),
                         "outcome": e.outcome}
                        for e in selectors.exchange_list(pairing=p)[:100]]})
    return out


def _member(m) -> dict:
    return {"id": m.pk, "unit": m.unit_id, "unit_name": m.unit.name,
            "community": m.community_id, "community_name": m.community.name,
            "contact": m.contact, "contact_phone": m.contact_phone_masked,
            "monthly_quota_hours": m.monthly_quota_hours,
            "delegates": sorted(u.username for u in m.delegates.all()),
            "is_active": m.is_active}


@router.get("/resource-members", response=MemberPage)
def member_list(request, page: Query[PageQuery]):
    rows, next_cursor = keyset_page(selectors.member_list(actor=request.user),
                                    limit=page.limit, cursor=page.cursor)
    return {"items": [_member(m) for m in rows], "next_cursor": next_cursor}


@router.post("/resource-members", response={201: MemberOut})
def member_join(request, payload: MemberIn):
    user = request.user
    row = services.member_join(
        actor=user, unit=selectors.member_unit(user, payload.unit),
        community=selectors.member_community(user, payload.community),
        contact=payload.contact, contact_phone=payload.contact_phone,
        monthly_quota_hours=payload.monthly_quota_hours,
        delegates=selectors.delegates_named(payload.delegates))
    return Status(201, _member(selectors.member_get_for_actor(user, row.pk)))


@router.patch("/resource-members/{member_id}", response=MemberOut)
def member_update(request, member_id: int, payload: MemberPatch):
    user = request.user
    changes = {k: getattr(payload, k) for k in payload.model_fields_set}
    if changes.get("delegates") is not None:
        changes["delegates"] = selectors.delegates_named(changes["delegates"])
    elif "delegates" in changes:
        changes["delegates"] = []
    for field in ("contact", "contact_phone"):
        if changes.get(field) is None:
            changes.pop(field, None)
    services.member_update(actor=user, member=selectors.member_get_for_actor(user, member_id),
                           **changes)
    return _member(selectors.member_get_for_actor(user, member_id))
