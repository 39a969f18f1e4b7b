"""Downloads of staff lists as CSV (UTF-8 with a BOM, so Excel opens Chinese correctly)
or an Excel workbook, for every module's list pages. Callers pass names and figures, never
ID numbers or phones: those stay behind the audited reveal (rosters has its own streamed,
audited export of people). A download is itself audited when the caller names its
``actor`` (MLPS 安全审计: every export of personal data leaves a trace)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import FileResponse, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from . import audit

FORMATS = ("csv", "xlsx")


def table(*, name: str, fmt: str, header: list, rows: Iterable[list], actor=None):
    """A download called ``name``.csv/.xlsx of ``header`` and ``rows``, recorded in the
    audit trail as an export by ``actor``."""
    if actor is not None:
        audit.record(actor=actor, action="export", entity="list", entity_id=name[:40],
                     summary=f"{name}.{fmt}")
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = name[:31]
        ws.append([str(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in header]
        for row in rows:
            values = [v if isinstance(v, int | float) else str(v) for v in row]
            ws.append(values)
            widths = [max(w, len(str(v))) for w, v in zip(widths, values, strict=False)]
        for i, w in enumerate(widths):
            ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = min(50, max(8, w * 2))
        out = io.BytesIO()
        wb.save(out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=f"{name}.xlsx")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    out = csv.writer(response)
    out.writerow([str(h) for h in header])
    for row in rows:
        out.writerow(row)
    return response
