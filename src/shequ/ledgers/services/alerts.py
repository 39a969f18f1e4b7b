"""A person acknowledges a warning (I have seen it and act) and later closes it with a note."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode

from ..models import EarlyWarning, WarningState
from ..policies import Action, warning_policy


@transaction.atomic
def warning_acknowledge(*, actor, warning: EarlyWarning) -> EarlyWarning:
    """Open → acknowledged, by someone who handles cases where the warning is."""
    warning_policy.require(actor, Action.HANDLE_CASES, warning)
    now = timezone.now()
    if not EarlyWarning.objects.filter(pk=warning.pk, state=WarningState.OPEN).update(
            state=WarningState.ACKNOWLEDGED, acknowledged_by=actor, acknowledged_at=now,
            updated_at=now):
        raise Conflict(_("This warning was already acknowledged or closed."))
    audit.record(actor=actor, action="warning_acknowledge", entity="warning",
                 entity_id=warning.pk, summary=warning.title[:200])
    warning.refresh_from_db()
    return warning


@transaction.atomic
def warning_close(*, actor, warning: EarlyWarning, note: str) -> EarlyWarning:
    """Close with what was done. An open warning is acknowledged in the same step."""
    warning_policy.require(actor, Action.HANDLE_CASES, warning)
    note = (note or "").strip()
    if not note:
        raise DomainError(pgettext("case", "Say what was done."), code=ErrorCode.REQUIRED,
                          field="note")
    now = timezone.now()
    fields = {"state": WarningState.CLOSED, "closed_by": actor, "closed_at": now,
              "close_note": note[:300], "updated_at": now}
    if warning.state == WarningState.OPEN:
        fields.update(acknowledged_by=actor, acknowledged_at=now)
    if not EarlyWarning.objects.filter(pk=warning.pk, state=warning.state).exclude(
            state=WarningState.CLOSED).update(**fields):
        raise Conflict(_("This warning changed meanwhile or is already closed."))
    audit.record(actor=actor, action="warning_close", entity="warning", entity_id=warning.pk,
                 summary=warning.title[:200], reason=note[:300])
    warning.refresh_from_db()
    return warning
