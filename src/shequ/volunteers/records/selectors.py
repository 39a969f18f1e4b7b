"""Scoped reads of service records: the verification queue for staff, a volunteer's own
records, and the need and open record behind a check-in token."""

from __future__ import annotations

from django.db.models import QuerySet

from shequ.core.errors import NotFound

from ..needs.models import (
    ServiceNeed,
)
from ..people.selectors import my_volunteer
from ..policies import Action, record_policy
from .models import RecordState, ServiceRecord


def my_records(actor, *, limit: int = 50) -> list[ServiceRecord]:
    volunteer = my_volunteer(actor)
    if volunteer is None:
        return []
    return list(ServiceRecord.objects.filter(volunteer=volunteer)
                .order_by("-check_in_at", "-id")[:limit])


def record_queue(*, actor, state: str = RecordState.SUBMITTED) -> QuerySet[ServiceRecord]:
    """Records waiting for the actor to verify, oldest first."""
    return (ServiceRecord.objects.for_actor(actor, Action.VERIFY_SERVICE)
            .filter(state=state).select_related("volunteer__resident", "marked_by")
            .order_by("check_in_at", "id"))


def record_get_for_actor(actor, record_id) -> ServiceRecord:
    row = ServiceRecord.objects.select_related("volunteer__resident").filter(
        pk=record_id).first()
    if row is None:
        raise NotFound()
    if row.volunteer.resident.user_id == actor.pk or record_policy.can(
            actor, Action.VIEW_VOLUNTEERS, row):
        return row
    raise NotFound()


def need_for_token(token: str) -> ServiceNeed:
    need = ServiceNeed.objects.filter(checkin_token=token).select_related("community").first()
    if need is None:
        raise NotFound()
    return need


def open_record_for(actor, need: ServiceNeed) -> ServiceRecord | None:
    volunteer = my_volunteer(actor)
    if volunteer is None:
        return None
    return ServiceRecord.objects.filter(volunteer=volunteer, source=f"need:{need.pk}").first()
