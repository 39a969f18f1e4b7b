"""The one way a matter changes status: a transition table, the row locked, the history
entry and the audit row written in the same transaction."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict

from ..errors import DeliberationErrorCode
from ..models import Matter, MatterEvent, MatterStatus, Step

S = MatterStatus

# step → (statuses it starts from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    Step.EDIT: ((S.DRAFT, S.RETURNED), None),
    Step.SUBMIT: ((S.DRAFT, S.RETURNED), S.PROPOSED),
    Step.APPROVE: ((S.PROPOSED,), S.APPROVED),
    Step.RETURN: ((S.PROPOSED,), S.RETURNED),
    Step.SCHEDULE: ((S.APPROVED,), S.SCHEDULED),
    Step.EXECUTE: ((S.PASSED,), S.EXECUTING),
    Step.COMPLETE: ((S.EXECUTING,), S.DONE),
}


def locked(matter: Matter) -> Matter:
    return Matter.objects.select_for_update().get(pk=matter.pk)


def write(*, actor, matter: Matter, step: str, note: str = "", to: str | None = None,
          before: str | None = None) -> MatterEvent:
    """The history entry of one step and its audit row (the caller holds the lock)."""
    user = user_of(actor)
    event = MatterEvent.objects.create(
        matter=matter, at=timezone.now(), actor=user,
        actor_name=getattr(user, "username", "") or "system", step=step,
        from_status=before or matter.status, to_status=to or matter.status, note=note)
    audit.record(actor=actor, action=f"matter_{step}", entity="matter", entity_id=matter.pk,
                 summary=matter.title, reason=note[:300],
                 before={"status": before} if before and before != to else None,
                 after={"status": to} if to and before != to else None)
    return event


def move(*, actor, matter: Matter, step: str, note: str = "", to: str | None = None,
         fields: dict | None = None) -> Matter:
    """Apply ``step`` to a locked matter: refused (409) unless its status allows it."""
    sources, target = TRANSITIONS.get(step, ((), None))
    target = to or target
    if step in TRANSITIONS and matter.status not in sources:
        raise Conflict(_("This cannot be done while the matter is “%(status)s”.")
                       % {"status": matter.get_status_display()},
                       code=DeliberationErrorCode.INVALID_TRANSITION, field="status")
    before = matter.status
    for name, value in (fields or {}).items():
        setattr(matter, name, value)
    if target:
        matter.status = target
    matter.save(update_fields=[*(fields or {}), "status"])
    write(actor=actor, matter=matter, step=step, note=note, to=matter.status, before=before)
    return matter
