"""The figures the ledgers offer the dashboard: cases received in the period (per ledger),
cases open now, those past their deadline, and early warnings still open — scoped through
the case policy, each grouped per child area in one query, each drilling to the case or
warning list filtered to the area."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .models import OPEN_STATES, Ledger, WarningState
from .policies import Action, case_policy, warning_policy

GROUP = _("Cases")


def _cases(**where):
    def compute(actor, place, period):
        qs = case_policy.instances_for(actor, Action.VIEW_CASES).filter(**where)
        return per_child(qs, place)
    return compute


def _received(ledger=""):
    def compute(actor, place, period):
        qs = case_policy.instances_for(actor, Action.VIEW_CASES).filter(
            **period.moments("created_at"))
        if ledger:
            qs = qs.filter(ledger=ledger)
        return per_child(qs, place)
    return compute


def _overdue(actor, place, period):
    qs = case_policy.instances_for(actor, Action.VIEW_CASES).filter(
        state__in=OPEN_STATES, due_at__lt=timezone.now())
    return per_child(qs, place)


def _warnings(actor, place, period):
    qs = warning_policy.instances_for(actor, Action.VIEW_CASES).filter(
        state__in=(WarningState.OPEN, WarningState.ACKNOWLEDGED))
    return per_child(qs, place)


def _case_list(**params):
    def url(place, period):
        query = {"area": place.id, **params}
        return f"{reverse('ledgers:case-list')}?{urlencode(query)}"
    return url


def _received_list(ledger=""):
    def url(place, period):
        query = {"area": place.id, "date_from": period.start.isoformat(),
                 "date_to": period.end.isoformat()}
        if ledger:
            query["ledger"] = ledger
        return f"{reverse('ledgers:case-list')}?{urlencode(query)}"
    return url


def _warning_list(place, period):
    return f"{reverse('ledgers:warning-list')}?{urlencode({'area': place.id})}"


def _figure(key, label, compute, url, order, **kw):
    # Cached: a district's cases are hundreds of thousands of rows (each count 50–700 ms).
    return Figure(key=f"ledgers.{key}", label=label, unit=_("cases"), action=Action.VIEW_CASES,
                  compute=compute, drill_url=url, group=GROUP, order=order, needs_cache=True,
                  **kw)


FIGURES = [
    _figure("received", _("Cases received"), _received(), _received_list(), 30, timed=True,
            chart="line"),
    *[_figure(f"received_{ledger.value}",
              format_lazy("{}: {}", _("Cases received"), ledger.label), _received(ledger.value),
              _received_list(ledger.value), 31 + i, timed=True)
      for i, ledger in enumerate(Ledger)],
    _figure("open", _("Cases open"), _cases(state__in=OPEN_STATES), _case_list(), 35),
    _figure("overdue", _("Cases overdue"), _overdue, _case_list(overdue="on"), 36),
    Figure(key="ledgers.warnings_open", label=_("Warnings open"), unit=_("warnings"),
           action=Action.VIEW_CASES, compute=_warnings, drill_url=_warning_list,
           group=GROUP, order=37),
]
