"""The volunteering figures for the dashboard: verified service hours and points earned in
the period, scoped through the volunteering and points policies."""

from __future__ import annotations

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .points.models import EntryKind
from .policies import Action, entry_policy, record_policy
from .records.models import RecordState

GROUP = _("Volunteering")


def _hours(actor, place, period):
    qs = record_policy.instances_for(actor, Action.VIEW_VOLUNTEERS).filter(
        state=RecordState.VERIFIED, **period.moments("check_in_at"))
    values = per_child(qs, place, value=Coalesce(Sum("minutes"), 0))
    return {child: minutes / 60 for child, minutes in values.items()}


def _points(actor, place, period):
    qs = entry_policy.instances_for(actor, Action.VIEW_POINTS).filter(
        kind=EntryKind.EARN, **period.moments("at"))
    return per_child(qs, place, value=Sum("amount"))


def _record_queue(place, period):
    return reverse("volunteers:record-queue")


FIGURES = [
    Figure(key="volunteers.hours", label=_("Volunteer hours"), unit=_("hours"),
           action=Action.VIEW_VOLUNTEERS, compute=_hours, timed=True, chart="line",
           needs_cache=True, group=GROUP, order=40),
    Figure(key="volunteers.points", label=_("Points earned"), unit=_("points"),
           action=Action.VIEW_POINTS, compute=_points, timed=True, needs_cache=True,
           group=GROUP, order=41),
]
