"""Reads for the shell: the signed-in user's grants and the audit trail (auditor only).

The audit page lives here rather than in core because core imports no app and the
permission check needs the role table of accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from shequ.accounts.models import Grant
from shequ.accounts.roles import Action
from shequ.core import auditlabels
from shequ.core.errors import Forbidden
from shequ.core.models import AuditEvent


def grants_of(user) -> list[Grant]:
    """The user's own (role, area) grants, for the top bar and the home page."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_web_grants", None)
    if cached is None:
        cached = list(user.grants.select_related("area").order_by("area__path", "role"))
        user._web_grants = cached
    return cached


@dataclass
class AuditFilters:
    action: str = ""
    entity: str = ""
    entity_id: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_list(actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Audit events, newest first, for the audit administrator only (三权分立: the
    people who change things are not the people who read the trail)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Forbidden()
    if not actor.can(Action.VIEW_AUDIT):
        raise Forbidden()
    f = filters or AuditFilters()
    qs = AuditEvent.objects.all()
    if f.action:  # a code, or a word of its label in the page's language
        qs = qs.filter(action__in=auditlabels.action_codes(f.action))
    if f.entity:
        qs = qs.filter(entity__in=auditlabels.entity_codes(f.entity))
    if f.entity_id:
        qs = qs.filter(entity_id=f.entity_id)
    if f.actor:
        qs = qs.filter(actor_name=f.actor)
    if f.date_from:
        qs = qs.filter(at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    return qs.order_by("-id")
