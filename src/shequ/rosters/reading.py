"""Reading roster files into rows of cell values: .xlsx/.xls/.xlsb/.ods with
python-calamine (fast, Rust), .csv with the csv module (UTF-8 with or without BOM, or GBK
as Excel on Chinese Windows writes it)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from shequ.core.errors import DomainError

from .headers import SCAN_ROWS, _matches

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}


def check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError(_("Upload an .xlsx, .xls or .csv file."), code="file_type", field="file")
    return suffix


def read_rows(path: Path | str, suffix: str | None = None) -> list[list]:
    """All rows of the roster sheet, row 1 first (index = Excel row number - 1)."""
    path = Path(path)
    suffix = suffix or check_suffix(path.name)
    if suffix == ".csv":
        return _read_csv(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        return _pick_sheet(wb)
    except (CalamineError, ValueError, OSError) as exc:
        raise DomainError(_("The file cannot be read as a spreadsheet: %(e)s") % {"e": exc},
                          code="file_unreadable", field="file") from None


def _pick_sheet(wb: CalamineWorkbook) -> list[list]:
    """The first visible sheet whose top rows look like a roster header."""
    first: list[list] | None = None
    for meta in wb.sheets_metadata:
        if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible":
            continue
        if str(meta.typ).rsplit(".", 1)[-1].lower() != "worksheet":
            continue
        rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        if first is None:
            first = rows
        if any(len(set(_matches(r).values())) >= 3 for r in rows[:SCAN_ROWS]):
            return rows
    return first or []


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The CSV file is neither UTF-8 nor GBK text."), code="file_encoding",
                      field="file")


def _read_csv(path: Path) -> list[list]:
    content = _decode(path.read_bytes())
    sample = content[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(content), dialect)]
