"""The services' home panel for staff and grid workers: requests waiting to be accepted,
those overdue, and the button for a request on a visit. Two counts, through the
selectors (the home page's query budget is shared)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from shequ.core.home import works_communities

from . import selectors
from .policies import Action


def takes_requests(user) -> bool:
    """Community staff and grid workers (a street or district administrator's home keeps
    its scope counts)."""
    return works_communities(user.scope_for(Action.HANDLE_REQUESTS))


def due_panel(user) -> dict | None:
    base = reverse("services:request-list")
    counts = selectors.queue_counts(actor=user)
    waiting, overdue = counts["waiting"], counts["overdue"]
    return {
        "title": _("Service requests"),
        "action": {"label": _("Request a service"), "url": reverse("services:request-new")},
        "figures": [
            {"n": waiting, "label": _("to accept"), "url": f"{base}?state=submitted",
             "alert": False},
            {"n": overdue, "label": _("overdue"), "url": f"{base}?overdue=yes",
             "alert": True},
        ],
        "rows": [],
        "more": {"label": _("All service requests"), "url": base},
        "empty": "",
    }
