"""The figures of 一站式服务 for the dashboard: service requests received in the period,
those open, those past their legal deadline, and the ratings given in the period with how
many were satisfied (4 or 5 of 5: counts, so they add up across areas and the share is
theirs to divide) — scoped through the request policy, grouped per child area in one
query each. The requests behind a count drill to the request list filtered to the area
(and the state, the days received, or the ratings given on those days)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, drill_to, per_child

from .models import OPEN_STATES
from .policies import Action, request_policy

GROUP = _("Services")
SATISFIED = 4  # of 5
REQUESTS = _("requests")
LIST = "services:request-list"


def _requests(actor):
    return request_policy.instances_for(actor, Action.VIEW_SERVICES)


def _received(actor, place, period):
    return per_child(_requests(actor).filter(**period.moments("created_at")), place)


def _open(actor, place, period):
    return per_child(_requests(actor).filter(state__in=OPEN_STATES), place)


def _overdue(actor, place, period):
    return per_child(_requests(actor).filter(state__in=OPEN_STATES, due_at__lt=timezone.now()),
                     place)


def _rated(least=1):
    def compute(actor, place, period):
        return per_child(_requests(actor).filter(rating__gte=least, **period.moments("rated_at")),
                         place)
    return compute


def _figure(key, label, compute, order, unit=REQUESTS, **kw):
    return Figure(key=f"services.{key}", label=label, unit=unit, action=Action.VIEW_SERVICES,
                  compute=compute, group=GROUP, order=order, **kw)


FIGURES = [
    _figure("received", _("Service requests received"), _received, 64, timed=True,
            chart="line", drill_url=drill_to(LIST, timed=True)),
    _figure("open", _("Service requests open"), _open, 65, drill_url=drill_to(LIST, state="open")),
    _figure("overdue", _("Service requests past their deadline"), _overdue, 66,
            drill_url=drill_to(LIST, overdue=1)),
    _figure("rated", _("Service ratings given"), _rated(), 67, unit=_("ratings"), timed=True,
            drill_url=drill_to(LIST, timed=True, rating=1)),
    _figure("satisfied", _("Satisfied ratings (4–5)"), _rated(SATISFIED), 68,
            unit=_("ratings"), timed=True, drill_url=drill_to(LIST, timed=True, rating=SATISFIED)),
]
