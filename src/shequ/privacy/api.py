"""Residents' personal-data requests (PIPL art. 44–48) and a resident's own data.

GET  privacy/requests              ?state=open|done|refused → [DataRequestOut] (soonest due first)
POST privacy/requests              {resident_id, kind, received_on?, note} → 201 DataRequestOut
POST privacy/requests/{id}/close   {state: done|refused, outcome} → DataRequestOut
GET  privacy/my-data               everything held about the signed-in resident (audited)

Requests are scoped to the handler's territory; out-of-scope ids answer 404 like missing ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Query, Router, Schema, Status

from shequ.registry import selectors as registry_selectors

from . import selectors, services
from .models import DataRequest, RequestKind, RequestState

router = Router(tags=["privacy"])


class DataRequestOut(Schema):
    id: int
    resident_id: int
    resident_name: str
    kind: RequestKind
    state: RequestState
    received_on: dt.date
    due_on: dt.date
    overdue: bool
    note: str
    outcome: str


class DataRequestIn(Schema):
    resident_id: int
    kind: RequestKind
    received_on: dt.date | None = None
    note: str = Field("", max_length=500)


class CloseIn(Schema):
    state: Literal["done", "refused"]
    outcome: str = Field(..., max_length=500)


class StateQuery(Schema):
    state: RequestState | None = None


def _out(d: DataRequest) -> dict:
    return {"id": d.pk, "resident_id": d.resident_id, "resident_name": d.resident.name,
            "kind": d.kind, "state": d.state, "received_on": d.received_on,
            "due_on": d.due_on, "overdue": d.is_overdue, "note": d.note, "outcome": d.outcome}


@router.get("/requests", response=list[DataRequestOut])
def request_list(request, filters: Query[StateQuery]):
    """Requests in the caller's territory, the soonest due first (at most 500)."""
    qs = selectors.data_request_list(actor=request.auth, state=filters.state or "")
    return [_out(d) for d in qs[:500]]


@router.post("/requests", response={201: DataRequestOut})
def request_log(request, payload: DataRequestIn):
    """Log a resident's request; the answer is due in 15 working days."""
    actor = request.auth
    resident = registry_selectors.resident_get_for_actor(actor, payload.resident_id)
    d = services.data_request_log(actor=actor, resident=resident, kind=payload.kind,
                                  received_on=payload.received_on, note=payload.note)
    return Status(201, _out(selectors.data_request_get_for_actor(actor, d.pk)))


@router.post("/requests/{request_id}/close", response=DataRequestOut)
def request_close(request, request_id: int, payload: CloseIn):
    actor = request.auth
    d = selectors.data_request_get_for_actor(actor, request_id)
    services.data_request_close(actor=actor, request=d, state=payload.state,
                                outcome=payload.outcome)
    return _out(selectors.data_request_get_for_actor(actor, request_id))


@router.get("/my-data", response=dict[str, Any])
def my_data(request):
    """What the platform holds about the signed-in resident (PIPL art. 45); audited."""
    return services.own_data_export(user=request.auth)
