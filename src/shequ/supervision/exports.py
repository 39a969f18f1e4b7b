"""The weekly summary as an Excel workbook (``core.downloads``, which keeps typed text from
becoming formulas): a summary sheet with every subject's figures, each subject's own sheets,
and the supervisors' comments."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from shequ.core.downloads import Workbook

from .selectors import Weekly


def _sheet(wb, title, header, rows):
    sheet = wb.sheet(str(title), [str(h) for h in header])
    for r in rows:
        sheet.append(r)
    sheet.fit_columns(least=10, most=60)


def weekly_workbook(w: Weekly) -> io.BytesIO:
    wb = Workbook()
    rows = [(_("Community"), w.community.name), (_("Week"), w.week_label)]
    for section in w.sections:
        rows += [(f"{section.title} · {label}", value) for label, value in section.rows]
    rows += [(_("Comments"), len(w.comments)), (_("Open flags"), len(w.open_flags))]
    _sheet(wb, _("Summary"), [_("Item"), _("Value")], rows)
    for section in w.sections:
        for title, header, sheet_rows in section.sheets:
            _sheet(wb, title, header, sheet_rows)
    _sheet(wb, _("Comments"), [_("Date"), _("Supervisor"), _("About"), _("Person"), _("Flag"),
                               _("Comment"), _("Answer")],
           ((str(c.on_date), str(c.author),
             f"{c.subject_label} {c.subject_title}".strip() if c.kind else "",
             str(c.worker or ""), _("Yes") if c.is_flag else "", c.text, c.answer)
            for c in w.comments))
    return wb.to_bytes()
