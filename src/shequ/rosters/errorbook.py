"""The error workbook: the header and every rejected row as it was read, plus the reason
and the original row number, so a secretary can fix the rows and import them again."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .planning import Plan

REASON_HEADER = "错误原因"
ROW_HEADER = "原行号"


def _safe(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_error_workbook(plan: Plan, out: Path | str) -> int:
    """Write the rejected rows to ``out`` (created with mode 0600). Returns the row count."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误行")
    header_cells = plan.header.cells
    width = max(plan.header.width, len(header_cells))
    head = [_safe(c) for c in header_cells] + [None] * (width - len(header_cells))
    ws.append(head + [REASON_HEADER, ROW_HEADER])
    n = 0
    for row in plan.rejected:
        cells = list(row.raw or [])[:width]
        cells += [None] * (width - len(cells))
        reason = "；".join(message for _code, _field, message in row.errors)
        ws.append([_safe(c) if c != "" else None for c in cells] + [reason, row.number])
        n += 1
    out = Path(out)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        wb.save(fh)
    return n
