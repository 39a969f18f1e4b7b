"""The unit liaison's home panel (registered in ``DeliberationConfig.ready()``): what they
have to do for the 联席会议 — their units' resolutions still open, the overdue ones first
in red, each linked to its page where the follow-up is reported. Two queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import selectors

ROWS = 5


def unit_panel(user) -> dict | None:
    if not selectors.unit_ids(user):
        return None  # a liaison of no unit: the members panel says so
    mine = reverse("deliberation:resolution-mine")
    counts = selectors.unit_resolution_counts(user)
    rows = selectors.resolution_list(actor=user, mine=True, open_only=True)[:ROWS]
    return {
        "title": _("What I have to do: joint meeting resolutions"),
        "action": None,
        "figures": [
            {"n": counts["open"], "label": pgettext("resolution", "Open"), "url": mine},
            {"n": counts["in_progress"], "label": pgettext("resolution", "In progress"),
             "url": mine},
            {"n": counts["overdue"], "label": _("Overdue"), "url": f"{mine}?overdue=1",
             "alert": True},
        ],
        "rows": [{"title": r.text,
                  "meta": " · ".join([r.unit.name, _("due %(d)s") % {"d": r.due_on},
                                      r.get_status_display()]),
                  "url": reverse("deliberation:resolution-detail", args=[r.pk]),
                  "alert": r.is_overdue} for r in rows],
        "more": {"label": _("My unit's resolutions"), "url": mine},
        "empty": _("No resolution is waiting for your unit."),
    }
