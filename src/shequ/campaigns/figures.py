"""The activity figures for the dashboard: activities held in the period and the people
who attended them, scoped through the campaigns' policies."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.figures import Figure, per_child

from .models import ActivityState
from .policies import Action, activity_policy, signup_policy

GROUP = _("Activities")


def _activities(actor, place, period):
    qs = activity_policy.instances_for(actor, Action.VIEW_CAMPAIGNS).exclude(
        state=ActivityState.CANCELLED).filter(**period.moments("starts_at"))
    return per_child(qs, place)


def _attendance(actor, place, period):
    qs = signup_policy.instances_for(actor, Action.VIEW_CAMPAIGNS).filter(
        attended=True, **period.moments("activity__starts_at"))
    return per_child(qs, place)


def _activity_list(place, period):
    query = {"since": period.start.isoformat(), "until": period.end.isoformat()}
    if place.kind == "community":
        query["community"] = place.id
    return f"{reverse('campaigns:activity-list')}?{urlencode(query)}"


FIGURES = [
    Figure(key="campaigns.activities", label=_("Activities held"), unit=_("activities"),
           action=Action.VIEW_CAMPAIGNS, compute=_activities, drill_url=_activity_list,
           timed=True, group=GROUP, order=50),
    Figure(key="campaigns.attendance", label=_("Activity attendance"),
           unit=pgettext_lazy("times", "people"),
           action=Action.VIEW_CAMPAIGNS, compute=_attendance, drill_url=_activity_list,
           timed=True, needs_cache=True, group=GROUP, order=51),
]
