"""Reads for personal-data requests (scoped to the handler's territory) and the assembly
of a resident's own data for their download."""

from __future__ import annotations

from django.db.models import QuerySet

from shequ.core.errors import NotFound
from shequ.ledgers.selectors.portal import my_reports
from shequ.registry.selectors import resident_of
from shequ.volunteers.selectors import my_account, statement

from .models import DataRequest
from .policies import Action

OWN_DATA_ROWS = 10_000  # per section; a resident's lifetime of points or reports is far less


def data_request_list(*, actor, state: str = "") -> QuerySet[DataRequest]:
    """Requests in the actor's territory, the soonest due first."""
    qs = DataRequest.objects.for_actor(actor, Action.HANDLE_REQUESTS).select_related("resident")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "id")


def data_request_get_for_actor(actor, request_id, *, for_update: bool = False) -> DataRequest:
    """One request; NotFound when missing and when outside the actor's territory."""
    qs = DataRequest.objects.for_actor(actor, Action.HANDLE_REQUESTS).select_related("resident")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=request_id)
    except (DataRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def own_data(user) -> dict:
    """What the platform holds about the signed-in resident, section by section.
    NotFound when the account is linked to no resident."""
    r = resident_of(user)
    if r is None:
        raise NotFound()
    sections = {
        "resident": {
            "id": r.pk, "name": r.name, "gender": r.get_gender_display(),
            "birth_date": r.birth_date, "ethnicity": r.ethnicity,
            "political_status": r.get_political_status_display(),
            "residence_type": r.get_residence_type_display(),
            "relation_to_head": r.get_relation_display(), "home": str(r.household),
            "id_number": r.id_number_masked, "phone": r.phone_masked, "note": r.note,
            "tags": sorted(t.name for t in r.tags.all()), "active": r.is_active,
            "registered_at": r.created_at, "updated_at": r.updated_at,
        },
        "reports": [
            {"id": c.pk, "title": c.title, "category": str(c.category),
             "state": c.get_state_display(), "address": c.address,
             "description": c.description, "created_at": c.created_at}
            for c in my_reports(user=user)[:OWN_DATA_ROWS]
        ],
        "points": [],
        "requests": [
            {"id": d.pk, "kind": d.get_kind_display(), "state": d.get_state_display(),
             "received_on": d.received_on, "due_on": d.due_on, "outcome": d.outcome}
            for d in DataRequest.objects.filter(resident=r).order_by("received_on", "id")
        ],
    }
    account = my_account(user)
    if account is not None:
        sections["points"] = [
            {"at": e.at, "amount": e.amount, "kind": e.get_kind_display(), "note": e.note,
             "balance_after": e.balance_after}
            for e in statement(account, limit=OWN_DATA_ROWS)
        ]
    return sections

