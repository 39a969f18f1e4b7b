"""The patrols' home panels: a patrol member's next shifts, and for community staff the
swaps waiting and the month's 平安楼栋 ranking. Reads only, through the selectors."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.home import works_communities

from . import selectors
from .policies import Action


def plans_in_community(user) -> bool:
    return works_communities(user.scope_for(Action.MANAGE_PATROLS))


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


def staff_panel(user) -> dict:
    """Swaps waiting for approval, and the month's best-rated buildings."""
    month = timezone.localdate().replace(day=1)
    best = list(selectors.rating_list(actor=user, month=month)[:3])
    return {
        "title": _("平安联护"), "action": None,
        "figures": [{"n": selectors.swap_list(actor=user).count(),
                     "label": _("Swap requests"), "url": reverse("patrols:swap-list"),
                     "alert": True}],
        "rows": [{"title": str(r.building), "meta": _("平安楼栋 score %(n)d") % {"n": r.score},
                  "url": reverse("patrols:rating-list"), "alert": False} for r in best],
        "more": {"label": _("平安楼栋 ratings"), "url": reverse("patrols:rating-list")},
        "empty": "",
    }
