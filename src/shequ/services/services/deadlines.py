"""The deadline sweep (``shequ services_warn``, run like the other apps' periodic
commands): a request due within the warning window is flagged once, and whoever accepted
it is told, before the legal time limit passes."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import SYSTEM
from shequ.notices.models import Urgency
from shequ.notices.services import notify

from ..models import ServiceRequest
from .requests import HANDLED_OPEN

WARN_BEFORE = dt.timedelta(hours=24)


@transaction.atomic
def requests_warn_due(*, now: dt.datetime | None = None) -> int:
    """Warn once for every open request due within ``WARN_BEFORE`` (or already late)
    that has not been warned; returns how many. Re-running warns nobody twice."""
    now = now or timezone.now()
    due = list(ServiceRequest.objects.select_for_update(skip_locked=True)
               .filter(state__in=HANDLED_OPEN, due_at__lte=now + WARN_BEFORE,
                       warned_at__isnull=True)
               .select_related("item").order_by("due_at", "id")[:1000])
    for req in due:
        late = req.due_at <= now
        title = (_("Service request #%(n)d is overdue.") if late else
                 _("Service request #%(n)d is due within a day.")) % {"n": req.pk}
        recipients = [u for u in (req.handled_by_id, req.created_by_id) if u]
        notify(recipients=recipients, kind="service_deadline", title=title,
               body=req.item.name, link=reverse("services:request-detail", args=[req.pk]),
               urgency=Urgency.ACTION)
    if due:
        ServiceRequest.objects.filter(pk__in=[r.pk for r in due]).update(warned_at=now)
        audit.record(actor=SYSTEM, action="warn_due", entity="service_request",
                     entity_id=due[0].pk, summary=str(len(due)),
                     after={"requests": [r.pk for r in due]})
    return len(due)
