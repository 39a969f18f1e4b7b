"""The ledgers' home panels (registered in ``LedgersConfig.ready()``): a grid worker's
visit button and own cases, the staff's dispatch queue, a resident's reports. Reads only,
through the selectors; a fixed number of queries each."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.home import works_communities

from . import selectors
from .models import CaseState, WarningState
from .models.cases import OPEN_STATES
from .policies import Action

ROWS = 5


def handles_own_cases(user) -> bool:
    """Who works cases in the field rather than dispatching them (grid workers)."""
    return user.can(Action.HANDLE_CASES) and not user.can(Action.ASSIGN_CASES)


def dispatches_in_community(user) -> bool:
    """Community staff: they dispatch the cases of a community."""
    return works_communities(user.scope_for(Action.ASSIGN_CASES))


def _open_overdue(qs, now) -> dict:
    return qs.aggregate(
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, due_at__lt=now)))


def _case_row(case, url: str, now) -> dict:
    overdue = case.state in OPEN_STATES and case.due_at is not None and case.due_at < now
    meta = [case.category.name, case.get_state_display()]
    if case.due_at is not None:
        meta.append(_("due %(when)s") % {"when": timezone.localtime(case.due_at)
                                         .strftime("%m-%d %H:%M")})
    return {"title": case.title, "meta": " · ".join(meta),
            "url": url, "alert": overdue}


def worker_panel(user) -> dict:
    """走访登记 in one tap, then the worker's open and overdue cases, most urgent first."""
    now = timezone.now()
    mine = selectors.my_cases(actor=user)
    counts = _open_overdue(mine, now)
    rows = [_case_row(c, reverse("ledgers:case-detail", args=[c.pk]), now)
            for c in mine.filter(state__in=OPEN_STATES)[:ROWS]]
    return {
        "title": _("My cases"),
        "action": {"label": _("Record a visit"), "url": reverse("ledgers:case-new")},
        "figures": [
            {"n": counts["open"], "label": _("Open"), "url": reverse("ledgers:my-cases")},
            {"n": counts["overdue"], "label": _("Overdue"), "url": reverse("ledgers:my-cases"),
             "alert": True},
        ],
        "rows": rows,
        "more": {"label": _("All my cases"), "url": reverse("ledgers:my-cases")},
        "empty": _("No open cases."),
    }


def dispatch_panel(user) -> dict:
    """Community staff's casework today: received cases to dispatch, overdue cases, open
    warnings to acknowledge."""
    now = timezone.now()
    cases = selectors.case_list(actor=user)
    counts = cases.aggregate(
        received=Count("id", filter=Q(state=CaseState.RECEIVED)),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, due_at__lt=now)))
    warnings = selectors.warning_list(
        actor=user, filters=selectors.WarningFilters(state=WarningState.OPEN)).count()
    case_list = reverse("ledgers:case-list")
    return {
        "title": _("Casework today"),
        "action": None,
        "figures": [
            {"n": counts["received"], "label": _("To dispatch"),
             "url": f"{case_list}?state={CaseState.RECEIVED}", "alert": True},
            {"n": counts["overdue"], "label": _("Overdue"), "url": f"{case_list}?overdue=on",
             "alert": True},
            {"n": warnings, "label": _("Warnings to acknowledge"),
             "url": f"{reverse('ledgers:warning-list')}?state={WarningState.OPEN}",
             "alert": True},
        ],
        "rows": [],
        "more": None,
        "empty": "",
    }


def reports_panel(user) -> dict:
    """A resident's own reports: the open ones, and where to report another."""
    reports = selectors.my_reports(user=user)
    now = timezone.now()
    open_count = reports.filter(state__in=OPEN_STATES).count()
    rows = [_case_row(c, reverse("ledgers:my-report", args=[c.pk]), now)
            for c in reports.filter(state__in=OPEN_STATES)[:ROWS]]
    return {
        "title": _("My reports"),
        "action": {"label": _("Report a problem"), "url": reverse("ledgers:report")},
        "figures": [{"n": open_count, "label": _("Being handled"),
                     "url": reverse("ledgers:my-reports")}],
        "rows": rows,
        "more": {"label": _("All my reports"), "url": reverse("ledgers:my-reports")},
        "empty": "",
    }
