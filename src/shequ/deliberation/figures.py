"""The figures 要事联商 offers the dashboard: matters in progress (approved for
deliberation, on an agenda or in execution), matters decided in the period and execution
tasks past their deadline — scoped through the deliberation policies, grouped per child
area in one query each. A matter and its tasks sit at their community, so below a
community the numbers stay on the community itself."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .models import MatterStatus
from .policies import Action, matter_policy, task_policy

GROUP = _("Key matters")
MATTERS = _("matters")
IN_PROGRESS = (MatterStatus.APPROVED, MatterStatus.SCHEDULED, MatterStatus.EXECUTING)


def _matters(actor):
    return matter_policy.instances_for(actor, Action.VIEW_MATTERS)


def _in_progress(actor, place, period):
    return per_child(_matters(actor).filter(status__in=IN_PROGRESS), place)


def _decided(actor, place, period):
    return per_child(_matters(actor).filter(**period.moments("decided_at")), place)


def _tasks_overdue(actor, place, period):
    # Leaves only: a parent's progress is its children's average, so counting it too would
    # count one late piece of work twice (the weekly summary counts the same way).
    qs = task_policy.instances_for(actor, Action.VIEW_MATTERS).filter(
        children__isnull=True, due_on__lt=timezone.localdate(), progress__lt=100)
    return per_child(qs, place)


def _matter_list(**params):
    """The matter list filters by community only (and by one status)."""
    def url(place, period):
        if place.kind != "community":
            return None
        query = urlencode({"community": place.id, **params})
        return f"{reverse('deliberation:matter-list')}?{query}"
    return url


def _figure(key, label, compute, url, order, unit=MATTERS, **kw):
    return Figure(key=f"deliberation.{key}", label=label, unit=unit, action=Action.VIEW_MATTERS,
                  compute=compute, drill_url=url, group=GROUP, order=order, **kw)


FIGURES = [
    _figure("in_progress", _("Matters in progress"), _in_progress, _matter_list(), 45),
    _figure("decided", _("Key matters decided"), _decided, _matter_list(), 46, timed=True),
    _figure("tasks_overdue", _("Execution tasks overdue"), _tasks_overdue,
            _matter_list(status=MatterStatus.EXECUTING), 47, unit=_("tasks")),
]
