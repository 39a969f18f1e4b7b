"""The error workbook: the header and every rejected row as it was read, plus the reason
and the original row number, so a secretary can fix the rows and import them again. Cells
go through ``core.downloads``: a rejected row's ``=…`` text comes back as that text, never
as a formula."""

from __future__ import annotations

from pathlib import Path

from shequ.core.downloads import Workbook

from .planning import Plan

REASON_HEADER = "错误原因"
ROW_HEADER = "原行号"


def write_error_workbook(plan: Plan, out: Path | str) -> int:
    """Write the rejected rows to ``out`` (created with mode 0600). Returns the row count."""
    wb = Workbook(streamed=True)
    header_cells = plan.header.cells
    width = max(plan.header.width, len(header_cells))
    head = list(header_cells) + [None] * (width - len(header_cells))
    ws = wb.sheet("错误行", head + [REASON_HEADER, ROW_HEADER])
    n = 0
    for row in plan.rejected:
        cells = list(row.raw or [])[:width]
        cells += [None] * (width - len(cells))
        reason = "；".join(message for _code, _field, message in row.errors)
        ws.append([c if c != "" else None for c in cells] + [reason, row.number])
        n += 1
    wb.save_private(Path(out))
    return n
