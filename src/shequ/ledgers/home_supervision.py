"""The supervision committee's home panel (监委会, registered in ``LedgersConfig.ready()``):
the community's cases worth a comment today — overdue ones, then those resolved this week —
read-only, and the way to the weekly summary. A fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.home import works_communities
from shequ.supervision.policies import Action as SupervisionAction

from . import selectors
from .home import ROWS, _case_row
from .models import CaseState
from .models.cases import OPEN_STATES
from .policies import Action

RECENT = dt.timedelta(days=7)
_RESOLVED = (CaseState.RESOLVED, CaseState.CLOSED)


def supervises_community(user) -> bool:
    """监委会 members: they supervise a community's cases and dispatch none."""
    return (works_communities(user.scope_for(SupervisionAction.SUPERVISE))
            and not user.can(Action.ASSIGN_CASES))


def supervision_panel(user) -> dict:
    now = timezone.now()
    cases = selectors.case_list(actor=user)
    overdue = Q(state__in=OPEN_STATES, due_at__lt=now)
    resolved = Q(state__in=_RESOLVED, resolved_at__gte=now - RECENT)
    counts = cases.aggregate(overdue=Count("id", filter=overdue),
                             resolved=Count("id", filter=resolved))
    rows = [*cases.filter(overdue).order_by("due_at", "id")[:ROWS],
            *cases.filter(resolved).order_by("-resolved_at", "-id")[:ROWS]][:ROWS]
    case_list = reverse("ledgers:case-list")
    return {
        "title": _("Cases to supervise"),
        "action": {"label": _("Weekly summary"), "url": reverse("supervision:weekly")},
        "figures": [
            {"n": counts["overdue"], "label": _("Overdue"), "url": f"{case_list}?overdue=on",
             "alert": True},
            {"n": counts["resolved"], "label": _("Resolved this week"),
             "url": f"{case_list}?state={CaseState.RESOLVED}"},
        ],
        "rows": [_case_row(c, reverse("ledgers:case-detail", args=[c.pk]), now)
                 for c in rows],
        "more": {"label": _("All cases"), "url": case_list},
        "empty": _("No overdue or recently resolved cases."),
    }
