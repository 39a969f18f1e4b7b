"""The 15-minute service circle's figures for the dashboard: buildings that miss at least
one category within the walk (the circle's gaps, per the latest computation) and the
service points open — scoped through the circle's policies, grouped per child area in one
query each, drilling to the gap list or the point list of a street or community (the
lists' area filter offers no grids)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .policies import Action, coverage_policy, point_policy

GROUP = _("15-minute service circle")


def _gaps(actor, place, period):
    # A building counts once however many categories it misses; it lies in one grid, so
    # the counts add up across areas.
    qs = coverage_policy.instances_for(actor, Action.VIEW_CIRCLE).filter(covered=False)
    return per_child(qs, place, value=Count("building", distinct=True))


def _points(actor, place, period):
    return per_child(point_policy.instances_for(actor, Action.VIEW_CIRCLE)
                     .filter(is_active=True), place)


def _list(name):
    def url(place, period):
        if place.kind not in ("street", "community"):
            return None
        return f"{reverse(name)}?{urlencode({'area': place.id})}"
    return url


FIGURES = [
    # Live: a district's coverage is its buildings × eleven categories (34,000 rows in the
    # district demo: 6 ms).
    Figure(key="circle.buildings_uncovered", label=_("Buildings missing a service within "
                                                     "15 minutes"),
           unit=_("buildings"), action=Action.VIEW_CIRCLE, compute=_gaps,
           drill_url=_list("circle:gap-list"), group=GROUP, order=76),
    Figure(key="circle.points", label=_("Service points"), unit=_("service points"),
           action=Action.VIEW_CIRCLE, compute=_points, drill_url=_list("circle:point-list"),
           group=GROUP, order=77),
]
