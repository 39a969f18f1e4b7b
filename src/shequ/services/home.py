"""The services' home panel for staff and grid workers: requests waiting to be accepted,
those overdue, and the button for a request on a visit. Two counts, through the
selectors (the home page's query budget is shared)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .models import RequestState


def due_panel(user) -> dict | None:
    base = reverse("services:request-list")
    waiting = selectors.request_list(actor=user, state=RequestState.SUBMITTED).count()
    overdue = selectors.request_list(actor=user, overdue=True).count()
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
