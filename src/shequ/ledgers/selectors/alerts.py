"""Scoped reads of early warnings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from shequ.core.errors import NotFound
from shequ.core.scoping import PATH_END
from shequ.territory.models import Area

from ..models import EarlyWarning, WarningState
from ..policies import Action


@dataclass
class WarningFilters:
    state: str = "active"  # active (open + acknowledged), open, acknowledged, closed, all
    level: str = ""
    kind: str = ""
    area: Area | None = None


def warning_list(*, actor, filters: WarningFilters | None = None) -> QuerySet[EarlyWarning]:
    """Warnings inside the actor's case scope, most severe and newest first."""
    f = filters or WarningFilters()
    qs = EarlyWarning.objects.for_actor(actor, Action.VIEW_CASES)
    if f.state == "active":
        qs = qs.exclude(state=WarningState.CLOSED)
    elif f.state in WarningState.values:
        qs = qs.filter(state=f.state)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.area is not None:
        qs = qs.filter(path__gte=f.area.path, path__lt=f.area.path + PATH_END)
    return qs.select_related("grid", "assignee").order_by("-created_at", "-id")


def warning_get_for_actor(actor, warning_id) -> EarlyWarning:
    try:
        return (EarlyWarning.objects.for_actor(actor, Action.VIEW_CASES)
                .select_related("grid", "assignee", "acknowledged_by", "closed_by")
                .get(pk=warning_id))
    except (EarlyWarning.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
