"""Service records over the JSON API (/api/v1/volunteers/): the volunteer checks in and
out, staff mark attendance, enter past service and verify or reject hours.

POST  check-in/{token}                      the volunteer checks in (QR)
POST  records/{id}/check-out
GET   records                               ?state=submitted verification queue (staff)
POST  records                               staff mark attendance {volunteer, need, from, to}
POST  records/manual                        staff enter past service {volunteer, title,
                                            check_in_at, check_out_at, reason} → 201,
                                            waiting for verification
POST  records/{id}/verify                   {minutes?} → points awarded
POST  records/{id}/reject                   {reason}"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from ninja import Field, Router, Schema, Status

from shequ.core.freetext import limit_of

from ..needs import selectors as needs_selectors
from ..people import selectors as people_selectors
from . import selectors, services
from .models import RecordState, ServiceRecord

router = Router()  # tagged "volunteers" where ../api.py mounts it


class RecordOut(Schema):
    id: int
    volunteer: int
    name: str
    title: str
    source: str
    check_in_at: dt.datetime
    check_out_at: dt.datetime | None
    minutes: int
    state: str


class MarkIn(Schema):
    volunteer: int
    need: int
    check_in_at: dt.datetime
    check_out_at: dt.datetime


class ManualIn(Schema):
    volunteer: int
    title: str = Field(..., max_length=limit_of(ServiceRecord, "title"))
    check_in_at: dt.datetime
    check_out_at: dt.datetime
    reason: str = Field(..., max_length=limit_of(ServiceRecord, "entry_reason"))


class ManualOut(RecordOut):
    reason: str


class VerifyIn(Schema):
    minutes: int | None = Field(None, ge=1, le=720)


class RejectIn(Schema):
    reason: str = Field(..., max_length=limit_of(ServiceRecord, "note"))


class VerifyOut(RecordOut):
    points: int


def _record(r) -> dict:
    return {"id": r.pk, "volunteer": r.volunteer_id, "name": r.volunteer.resident.name,
            "title": r.title, "source": r.source, "check_in_at": r.check_in_at,
            "check_out_at": r.check_out_at, "minutes": r.minutes, "state": r.state}


@router.post("/check-in/{token}", response={201: RecordOut})
def check_in(request, token: str):
    record = services.need_check_in(actor=request.user, token=token)
    return Status(201, _record(selectors.record_get_for_actor(request.user, record.pk)))


@router.post("/records/{record_id}/check-out", response=RecordOut)
def check_out(request, record_id: int):
    user = request.user
    record = services.record_check_out(actor=user,
                                       record=selectors.record_get_for_actor(user, record_id))
    return _record(record)


@router.get("/records", response=list[RecordOut])
def record_queue(request, state: RecordState = RecordState.SUBMITTED):
    rows = selectors.record_queue(actor=request.user, state=state)
    return [_record(r) for r in rows[:settings.API_MAX_PAGE_SIZE]]


@router.post("/records", response={201: RecordOut})
def record_mark(request, payload: MarkIn):
    user = request.user
    need = needs_selectors.need_get_for_actor(user, payload.need)
    volunteer = people_selectors.volunteer_get_for_actor(user, payload.volunteer)
    record = services.attendance_mark(
        actor=user, volunteer=volunteer, source=f"need:{need.pk}", title=need.title,
        path=need.path, check_in_at=payload.check_in_at, check_out_at=payload.check_out_at,
        need=need)
    return Status(201, _record(record))


@router.post("/records/manual", response={201: ManualOut})
def record_enter(request, payload: ManualIn):
    user = request.user
    volunteer = people_selectors.volunteer_get_for_actor(user, payload.volunteer)
    record = services.record_enter(
        actor=user, volunteer=volunteer, title=payload.title,
        check_in_at=payload.check_in_at, check_out_at=payload.check_out_at,
        reason=payload.reason)
    return Status(201, {**_record(record), "reason": record.entry_reason})


@router.post("/records/{record_id}/verify", response=VerifyOut)
def record_verify(request, record_id: int, payload: VerifyIn):
    user = request.user
    record, entry = services.record_verify(
        actor=user, record=selectors.record_get_for_actor(user, record_id),
        minutes=payload.minutes)
    return {**_record(record), "points": entry.amount}


@router.post("/records/{record_id}/reject", response=RecordOut)
def record_reject(request, record_id: int, payload: RejectIn):
    user = request.user
    return _record(services.record_reject(
        actor=user, record=selectors.record_get_for_actor(user, record_id),
        reason=payload.reason))
