"""The figures patrols offer the dashboard: shifts walked in the period (the coverage of
the evening patrols), shifts missed and incidents reported — scoped through the patrol
policies, grouped per child area in one query each."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .models import ShiftState
from .policies import Action, incident_policy, shift_policy

GROUP = _("Patrols")


def _shifts(state):
    def compute(actor, place, period):
        qs = shift_policy.instances_for(actor, Action.VIEW_PATROLS).filter(
            state=state, **period.dates("date"))
        return per_child(qs, place)
    return compute


def _incidents(actor, place, period):
    qs = incident_policy.instances_for(actor, Action.VIEW_PATROLS).filter(
        **period.moments("at"))
    return per_child(qs, place)


def _incident_list(place, period):
    return reverse("patrols:incident-list")


FIGURES = [
    Figure(key="patrols.shifts_done", label=_("Patrol shifts walked"), unit=_("shifts"),
           action=Action.VIEW_PATROLS, compute=_shifts(ShiftState.DONE), timed=True,
           group=GROUP, order=70),
    Figure(key="patrols.shifts_absent", label=_("Patrol shifts missed"), unit=_("shifts"),
           action=Action.VIEW_PATROLS, compute=_shifts(ShiftState.ABSENT), timed=True,
           group=GROUP, order=71),
    Figure(key="patrols.incidents", label=_("Patrol incidents"), unit=_("incidents"),
           action=Action.VIEW_PATROLS, compute=_incidents, drill_url=_incident_list,
           timed=True, group=GROUP, order=72),
]
