"""The patrols' home panel: a patrol member's next shifts and the incident button (staff
reach routes, plans and ratings from the menu; the home page's query budget is shared).
Reads only, through the selectors."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors


def member_panel(user) -> dict | None:
    """The member's coming shifts, the one on now first, and the incident button."""
    shifts = list(selectors.my_shifts(user)[:3])
    return {
        "title": _("My patrol shifts"),
        "action": {"label": _("Record an incident"), "url": reverse("patrols:incident-new")},
        "figures": [],
        "rows": [{"title": selectors.shift_times(s), "meta": f"{s.route.grid.name} · "
                  f"{s.route.name}", "url": reverse("patrols:my-shifts"), "alert": False}
                 for s in shifts],
        "more": {"label": _("All my shifts"), "url": reverse("patrols:my-shifts")},
        "empty": _("No shifts in the coming month."),
    }

