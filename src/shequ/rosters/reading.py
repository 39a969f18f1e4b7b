"""Reading roster files into rows of cell values: .xlsx/.xls/.ods with python-calamine
(fast, Rust), .csv with the csv module (UTF-8 with or without BOM, or GBK as Excel on
Chinese Windows writes it).

Before calamine opens a workbook, ``bounds.check_workbook`` refuses a file that is not what
its name says or that would expand past what a roster can be; a CSV is bounded while it is
read. Sheets are read sparsely (from their first filled cell) and padded back so that row
``i`` of the result is Excel row ``i + 1``. Library errors are logged, never shown: the user
gets a message in their language saying what to do.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from shequ.core.errors import DomainError
from shequ.rosters.errors import RosterErrorCode

from . import bounds
from .headers import SCAN_ROWS, _matches

logger = logging.getLogger(__name__)
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}


def check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError(_("Upload an .xlsx, .xls or .csv file."), code=RosterErrorCode.FILE_TYPE, field="file")
    return suffix


def read_rows(path: Path | str, suffix: str | None = None,
              looks_like_header: Callable[[list], bool] | None = None) -> list[list]:
    """All rows of the roster sheet, row 1 first (index = Excel row number - 1). Another
    importer (shequ.imports) passes its own ``looks_like_header`` to pick its sheet."""
    path = Path(path)
    suffix = suffix or check_suffix(path.name)
    if not path.is_file():
        raise DomainError(_("The file %(name)s cannot be found; check its name and folder.")
                          % {"name": path.name}, code=RosterErrorCode.FILE_MISSING, field="file")
    if suffix == ".csv":
        return _read_csv(path)
    bounds.check_workbook(path, suffix)
    try:
        with open(path, "rb") as fh:
            wb = CalamineWorkbook.from_filelike(fh)  # the format is read from the content
            return _pick_sheet(wb, looks_like_header or _roster_header)
    except (CalamineError, ValueError, OSError) as exc:
        logger.info("roster workbook unreadable: %s", type(exc).__name__)
        raise bounds.unreadable() from None


def _roster_header(row: list) -> bool:
    return len(set(_matches(row).values())) >= 3


def _pick_sheet(wb: CalamineWorkbook, looks_like_header: Callable[[list], bool]) -> list[list]:
    """The first visible sheet whose top rows look like a header."""
    first: list[list] | None = None
    for meta in wb.sheets_metadata:
        if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible":
            continue
        if str(meta.typ).rsplit(".", 1)[-1].lower() != "worksheet":
            continue
        rows = _read_sheet(wb, meta.name)
        if first is None:
            first = rows
        if any(looks_like_header(r) for r in rows[:SCAN_ROWS]):
            return rows
    return first or []


def _read_sheet(wb: CalamineWorkbook, name: str) -> list[list]:
    """One sheet's rows, read from its first filled cell and padded back to A1 (empty rows
    above cost a list each; leading empty columns an empty string per row)."""
    sheet = wb.get_sheet_by_name(name)
    top, left = sheet.start or (0, 0)
    bounds.refuse_extent(bounds.Extent(top + sheet.height, left + sheet.width))
    rows = sheet.to_python(skip_empty_area=True)
    if left:
        pad = [""] * left
        rows = [pad + r for r in rows]
    return [[] for _ in range(top)] + rows


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The CSV file is neither UTF-8 nor GBK text. Open it in Excel or "
                        "WPS and save it as .xlsx (or as CSV UTF-8), then upload it again."),
                      code=RosterErrorCode.FILE_ENCODING, field="file")


def _read_csv(path: Path) -> list[list]:
    data = path.read_bytes()
    if data.startswith((bounds.ZIP_MAGIC, bounds.OLE_MAGIC)) or b"\x00" in data[:4096]:
        raise bounds.not_a_spreadsheet(".csv")
    content = _decode(data)
    del data
    sample = content[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows: list[list] = []
    cells = width = 0
    try:
        for r in csv.reader(io.StringIO(content), dialect):
            rows.append(r)
            cells += len(r) or 1  # a blank line still costs a row
            width = max(width, len(r))
            if cells > bounds.MAX_CELLS or len(rows) > bounds.MAX_ROWS or \
                    width > bounds.MAX_COLUMNS:
                bounds.refuse_extent(bounds.Extent(len(rows), width))
    except csv.Error:
        raise bounds.not_a_spreadsheet(".csv") from None
    return rows
