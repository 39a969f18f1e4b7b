"""Downloads of the course lists as CSV (UTF-8 with a BOM, for Excel) or an Excel
workbook: names and figures, never ID numbers or phones. (The same shape as the volunteers
app's exports; courses sits beside it in the layers and may not import it.)"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import FileResponse, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")


def table(*, name: str, fmt: str, header: list, rows: Iterable[list]):
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = name[:31]
        ws.append([str(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([v if isinstance(v, int | float) else str(v) for v in row])
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
