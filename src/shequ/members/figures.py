"""The figures of 双报到 for the dashboard: in-service members registered where they live
(active registrations) and the service hours they logged in the period."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.figures import Figure, per_child

from .models import LogState
from .policies import Action, log_policy, registration_policy

GROUP = _("Party")


def _registered(actor, place, period):
    return per_child(registration_policy.instances_for(actor, Action.VIEW_DUAL)
                     .filter(ended_at=None), place)


def _hours(actor, place, period):
    qs = log_policy.instances_for(actor, Action.VIEW_DUAL).filter(
        state=LogState.CONFIRMED, **period.dates("served_on"))
    return per_child(qs, place, value=Sum("hours"))


def _registrations(place, period):
    if place.kind != "community":
        return None
    return f"{reverse('members:registration-list')}?community={place.id}"


FIGURES = [
    Figure(key="members.registered", label=_("双报到 members"), unit=pgettext_lazy("unit", "people"),
           action=Action.VIEW_DUAL, compute=_registered, drill_url=_registrations,
           group=GROUP, order=22),
    Figure(key="members.service_hours", label=_("双报到 service hours"), unit=_("hours"),
           action=Action.VIEW_DUAL, compute=_hours, timed=True, group=GROUP, order=23),
]
