"""Every spreadsheet the system writes: the CSV/Excel list downloads of every module's pages
(:func:`table`), and the workbooks other modules build themselves (the weekly summary, the
roster export, the import error workbook) through :class:`Workbook`. Nothing else writes
CSV or XLSX (``core/tests/test_architecture.py`` holds it to that).

Every cell goes through one rule, :func:`is_formula_like`: text that a spreadsheet would
read as a formula (``=``, ``+``, ``-``, ``@``, possibly after spaces, or a leading tab or
carriage return) must arrive as text. A resident's name, a case title or a note typed as
``=HYPERLINK("http://…")`` is someone else's formula running in a secretary's Excel, next
to revealed ID numbers. In CSV, which has no types, such text gets a leading apostrophe
(what Excel itself shows for text typed with one). In XLSX it stays exactly as it is
written, stored as a text cell with the "quote prefix" style, so Excel, WPS and LibreOffice
neither evaluate it on opening nor on editing, and a roster read back in is unchanged.
Numbers, negative ones included, stay numbers.

CSV is UTF-8 with a BOM, so Excel opens Chinese correctly. Callers of :func:`table` pass
names and figures, never ID numbers or phones: those stay behind the audited reveal
(rosters has its own streamed, audited export of people). A download is itself audited when
the caller names its ``actor`` (MLPS 安全审计: every export of personal data leaves a trace).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from django.http import FileResponse, HttpResponse
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

from . import audit

FORMATS = ("csv", "xlsx")
_FORMULA_SIGNS = ("=", "+", "-", "@")
_FORMULA_CONTROLS = ("\t", "\r")


def is_formula_like(value) -> bool:
    """Whether ``value`` is text a spreadsheet would take for a formula."""
    return isinstance(value, str) and (value.lstrip()[:1] in _FORMULA_SIGNS
                                       or value[:1] in _FORMULA_CONTROLS)


def csv_cell(value):
    """``value`` as it may go into a CSV cell: formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return value


def xlsx_cell(ws, value):
    """``value`` as it may go into a row of the worksheet ``ws``: numbers, dates and empty
    cells as they are; text without the characters XML cannot hold; formula-like text as
    a text cell with the quote prefix, never a formula."""
    if value is None or isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not is_formula_like(text):
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # openpyxl made it a formula ("f") if it starts with "="
    cell.quotePrefix = True
    return cell


class Sheet:
    """One worksheet of a :class:`Workbook`; rows are appended through :func:`xlsx_cell`."""

    def __init__(self, ws):
        self._ws = ws

    def append(self, values: Iterable) -> None:
        self._ws.append([xlsx_cell(self._ws, v) for v in values])

    def header(self, values: Iterable) -> None:
        cells = []
        for v in values:
            cell = xlsx_cell(self._ws, None if v is None else str(v))
            if not isinstance(cell, Cell):
                cell = WriteOnlyCell(self._ws, value=cell)
            cell.font = Font(bold=True)
            cells.append(cell)
        self._ws.append(cells)

    def fit_columns(self, *, least: int = 8, most: int = 50) -> None:
        """Column widths from the longest value (an in-memory workbook only)."""
        for col in self._ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            self._ws.column_dimensions[col[0].column_letter].width = min(most,
                                                                         max(least, width * 2))


class Workbook:
    """An XLSX workbook of :class:`Sheet` s. ``streamed`` writes rows straight through
    (openpyxl's write-only mode), so memory stays flat for a district's residents."""

    def __init__(self, *, streamed: bool = False):
        self._wb = openpyxl.Workbook(write_only=streamed)
        if not streamed:
            self._wb.remove(self._wb.active)

    def sheet(self, title: str, header: Iterable | None = None) -> Sheet:
        sheet = Sheet(self._wb.create_sheet(str(title)[:31]))
        if header is not None:
            sheet.header(header)
        return sheet

    def save(self, target) -> None:
        self._wb.save(target)

    def save_private(self, path: Path | str) -> None:
        """Save to ``path``, created with mode 0600 (files with people's data)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            self._wb.save(fh)

    def to_bytes(self) -> io.BytesIO:
        out = io.BytesIO()
        self._wb.save(out)
        out.seek(0)
        return out


def table(*, actor, name: str, fmt: str, header: list, rows: Iterable[list]):
    """A download called ``name``.csv/.xlsx of ``header`` and ``rows``, recorded in the
    audit trail as an export by ``actor``. The keyword is required, so no call forgets it;
    only an explicit ``actor=None`` (the cell-format tests) records nothing."""
    if actor is not None:
        audit.record(actor=actor, action="export", entity="list", entity_id=name[:40],
                     summary=f"{name}.{fmt}")
    if fmt == "xlsx":
        wb = Workbook()
        sheet = wb.sheet(name, header)
        for row in rows:
            sheet.append(v if isinstance(v, int | float) else str(v) for v in row)
        sheet.fit_columns()
        return FileResponse(wb.to_bytes(), as_attachment=True, filename=f"{name}.xlsx")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    out = csv.writer(response)
    out.writerow([csv_cell(str(h)) for h in header])
    for row in rows:
        out.writerow([csv_cell(v) for v in row])
    return response
