"""The figures patrols offer the dashboard (``AppManifest.stats``): this month's shifts,
how many were walked, incidents, and the share filed as stability cases — all scoped."""

from __future__ import annotations

from django.utils import timezone

from . import selectors
from .models import ShiftState


def patrol_figures(user) -> dict:
    month = timezone.localdate().replace(day=1)
    shifts = selectors.shift_list(actor=user).filter(date__gte=month)
    incidents = selectors.incident_list(actor=user).filter(at__date__gte=month)
    return {
        "patrol_shifts": shifts.count(),
        "patrol_shifts_done": shifts.filter(state=ShiftState.DONE).count(),
        "patrol_incidents": incidents.count(),
        "patrol_incidents_filed": incidents.exclude(case=None).count(),
    }
