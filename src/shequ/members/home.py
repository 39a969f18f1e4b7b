"""The unit liaison's home panel (registered in ``MembersConfig.ready()``): their units'
in-service party members and their 双报到 state, the logs of this month still waiting for
confirmation, and the way to the unit report. Reads through the selectors, fixed queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors

ROWS = 5


def liaison_panel(user) -> dict:
    units = selectors.liaison_units(user)
    report = (reverse("members:unit-report", args=[units[0].pk]) if len(units) == 1
              else reverse("members:unit-list"))
    if not units:
        return {"title": _("My unit's party members"), "action": None, "figures": [],
                "rows": [], "more": None,
                "empty": _("You are not the liaison of any unit yet.")}
    month_start = timezone.localdate().replace(day=1)
    o = selectors.unit_members_overview(units, since=month_start, limit=ROWS)
    several = len(units) > 1
    return {
        "title": _("My unit's party members"),
        "action": {"label": _("Unit report"), "url": report},
        "figures": [
            {"n": o["members"], "label": _("In-service members"), "url": report},
            {"n": o["registered"], "label": _("Registered where they live"), "url": report},
            {"n": (o["members"] or 0) - (o["registered"] or 0), "label": _("Not yet registered"),
             "url": report, "alert": True},
            {"n": o["waiting"], "label": _("Logs this month awaiting confirmation"),
             "url": report},
        ],
        "rows": [{"title": m.resident.name,
                  "meta": " · ".join([*([m.unit.name] if several else []),
                                      _("Not yet registered")]),
                  "url": report, "alert": True} for m in o["missing"]],
        "more": {"label": _("Unit report"), "url": report},
        "empty": "",
    }
