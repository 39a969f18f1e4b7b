"""Writes for residents' personal-data requests, and the audited export of a resident's own
data. Each write is scoped to the resident's home and audited in its transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError
from shequ.ledgers.workdays import add_working_days
from shequ.registry.models import Resident

from . import selectors
from .models import DataRequest, RequestKind, RequestState
from .policies import Action, data_requests

ANSWER_WITHIN_WORKING_DAYS = 15


@transaction.atomic
def data_request_log(*, actor, resident: Resident, kind: str, received_on: dt.date | None = None,
                     note: str = "") -> DataRequest:
    """Log a resident's request. Rule: the actor handles requests over the resident's home;
    the answer is due 15 working days (holiday calendar) after the day it was received,
    which may not lie in the future."""
    data_requests.require(actor, Action.HANDLE_REQUESTS, resident)
    if kind not in RequestKind.values:
        raise DomainError(_("Choose what the resident asked for."), field="kind")
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise DomainError(_("A request cannot be received in the future."), field="received_on")
    request = DataRequest.objects.create(
        resident=resident, path=resident.path, kind=kind, received_on=received_on,
        due_on=add_working_days(received_on, ANSWER_WITHIN_WORKING_DAYS),
        note=note.strip()[:500], created_by=user_of(actor))
    audit.record(actor=actor, action="data_request", entity="resident", entity_id=resident.pk,
                 summary=f"{kind} #{request.pk}, due {request.due_on}",
                 after={"request": request.pk, "kind": kind, "due_on": request.due_on})
    return request


@transaction.atomic
def data_request_close(*, actor, request: DataRequest, state: str, outcome: str) -> DataRequest:
    """Answer a request: done or refused, with the answer given (a refusal needs its
    reason, PIPL art. 50). Rule: only an open request closes, once."""
    request = selectors.data_request_get_for_actor(actor, request.pk, for_update=True)
    if state not in (RequestState.DONE, RequestState.REFUSED):
        raise DomainError(_("Choose done or refused."), field="state")
    if not outcome.strip():
        raise DomainError(_("Say what the resident was told."), field="outcome")
    if request.state != RequestState.OPEN:
        raise Conflict(_("This request is already closed."))
    request.state, request.outcome = state, outcome.strip()[:500]
    request.closed_by, request.closed_at = user_of(actor), timezone.now()
    request.save(update_fields=["state", "outcome", "closed_by", "closed_at"])
    audit.record(actor=actor, action="data_request_close", entity="resident",
                 entity_id=request.resident_id, summary=f"{request.kind} #{request.pk}: {state}",
                 after={"request": request.pk, "state": state})
    return request


@transaction.atomic
def own_data_export(*, user) -> dict:
    """Everything the platform holds about the signed-in resident (PIPL art. 45), as
    plain data; ID number and phone stay masked (the resident knows them, and a download
    must not become a way around the reveal rule). Audited as an export."""
    data = selectors.own_data(user)
    audit.record(actor=user, action="export", entity="own_data",
                 entity_id=data["resident"]["id"], summary="own personal data")
    return data


def closed_requests_purge(*, cutoff: dt.datetime, dry_run: bool) -> int:
    """Retention: closed requests whose answer is older than ``cutoff`` are deleted."""
    old = DataRequest.objects.exclude(state=RequestState.OPEN).filter(closed_at__lt=cutoff)
    if dry_run:
        return old.count()
    return old.delete()[0]
