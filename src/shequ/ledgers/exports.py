"""The weekly summary as an Excel workbook (``core.downloads``, which keeps typed text from
becoming formulas): the figures, the categories, the overdue list and the supervisors'
comments, one sheet each. Reporter phones never appear."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from shequ.core.downloads import Workbook

from .models import CaseState, Ledger, Rating
from .selectors.supervision import WeeklySummary
from .workdays import TZ


def _sheet(wb, title, header, rows):
    sheet = wb.sheet(title, header)
    for r in rows:
        sheet.append(r)
    sheet.fit_columns(least=10, most=60)


def weekly_workbook(s: WeeklySummary) -> io.BytesIO:
    wb = Workbook()
    rate = "" if s.satisfaction_rate is None else f"{s.satisfaction_rate:.1%}"
    rows = [
        (_("Community"), s.community.name), (_("Week"), s.week_label),
        (_("Cases received"), s.received),
        *((str(Ledger(k).label), v) for k, v in s.by_ledger.items()),
        *((_("Now %(state)s") % {"state": str(CaseState(k).label)}, v) for k, v in s.by_state.items()),
        (_("Resolved in the week"), s.resolved), (_("Closed in the week"), s.closed),
        (_("Overdue at the end of the week"), len(s.overdue)),
        *((str(Rating(k).label), v) for k, v in s.ratings.items()),
        (_("Satisfaction rate"), rate),
        (_("Warnings raised"), s.warnings_raised), (_("Warnings closed"), s.warnings_closed),
    ]
    _sheet(wb, _("Summary"), [_("Item"), _("Value")], rows)
    _sheet(wb, _("Categories"), [_("Category"), _("Ledger"), _("Cases")],
           ((name, str(Ledger(ledger).label), n) for name, ledger, n in s.by_category))
    _sheet(wb, _("Overdue"), [_("Case"), _("Title"), _("Category"), _("Grid"), _("Due at"),
                              _("Assigned to"), _("Status")],
           ((c.pk, c.title, c.category.name, c.grid.name if c.grid_id else "",
             c.due_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M"),
             str(c.assigned_to or ""), c.get_state_display()) for c in s.overdue))
    _sheet(wb, _("Comments"), [_("Date"), _("Supervisor"), _("Case"), _("Grid worker"),
                               _("Comment")],
           ((str(cm.on_date), str(cm.author), cm.case_id or "", str(cm.worker or ""), cm.text)
            for cm in s.comments))
    return wb.to_bytes()
