"""Reading a bank statement of dues (Excel .xlsx/.xls, or .csv) into rows.

The header row is found by its names (姓名, 身份证后四位 or 党员编号, 月份, 金额, and
optionally 交费日期, 流水号); a member is named either by their member reference (the
number the dues pages show) or by name plus the last four characters of their ID number, so
a statement never needs a full ID number. Cells are read as text and parsed by the
service's own rules (``Decimal`` amounts, never floats)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from shequ.core.errors import DomainError

from .errors import MembershipErrorCode

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
HEADERS = {
    "name": ("姓名", "name", "户名", "交款人"),
    "tail4": ("身份证后四位", "证件后四位", "id tail", "id_tail4"),
    "ref": ("党员编号", "member", "member ref", "编号"),
    "month": ("月份", "所属月份", "month"),
    "amount": ("金额", "交费金额", "amount"),
    "paid_on": ("交费日期", "日期", "交易日期", "date", "paid on"),
    "reference": ("流水号", "交易流水号", "reference"),
}
SCAN_ROWS = 10


@dataclass
class StatementRow:
    line: int           # the spreadsheet's row number
    name: str = ""
    tail4: str = ""
    ref: str = ""
    month: str = ""
    amount: str = ""
    paid_on: str = ""
    reference: str = ""


def unreadable() -> DomainError:
    return DomainError(_("The file cannot be read as a bank statement: upload the .xlsx, "
                         ".xls or .csv file with the columns 姓名, 身份证后四位 (or 党员编号), "
                         "月份 and 金额."),
                       code=MembershipErrorCode.STATEMENT_UNREADABLE, field="file")


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip() if value is not None else ""


def _columns(row: list) -> dict[str, int]:
    found = {}
    for i, raw in enumerate(row):
        text = _cell(raw).lower()
        for key, names in HEADERS.items():
            if key not in found and text in names:
                found[key] = i
    return found


def _grid(data: bytes, name: str) -> list[list]:
    if name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return list(csv.reader(io.StringIO(data.decode(encoding))))
            except UnicodeDecodeError:
                continue
        raise unreadable()
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError, IndexError):
        raise unreadable() from None


def _header(grid: list[list]) -> tuple[int, dict[str, int]]:
    """The header row's index and its columns: the month, the amount and the member (a
    reference, or a name and ID tail)."""
    for top, row in enumerate(grid[:SCAN_ROWS]):
        cols = _columns(row)
        if {"month", "amount"} <= cols.keys() and (
                "ref" in cols or {"name", "tail4"} <= cols.keys()):
            return top, cols
    raise unreadable()


def read_statement(data: bytes, name: str) -> list[StatementRow]:
    """The statement's data rows; refused when the file is too large, unreadable or has no
    header naming the member, the month and the amount."""
    if len(data) > MAX_BYTES:
        raise DomainError(_("A statement may be at most 5 MB."),
                          code=MembershipErrorCode.STATEMENT_UNREADABLE, field="file")
    if not re.search(r"\.(xlsx|xls|csv)$", name.lower()):
        raise unreadable()
    grid = _grid(data, name)
    top, cols = _header(grid)
    rows = []
    for i, row in enumerate(grid[top + 1:], start=top + 2):
        values = {k: _cell(row[c]) if c < len(row) else "" for k, c in cols.items()}
        if not any(values.values()):
            continue
        rows.append(StatementRow(line=i, **values))
        if len(rows) > MAX_ROWS:
            raise DomainError(_("A statement may have at most %(n)d rows.") % {"n": MAX_ROWS},
                              code=MembershipErrorCode.STATEMENT_UNREADABLE, field="file")
    return rows


def parse_month(text: str) -> dt.date | None:
    """2026-03, 2026/3, 2026年3月, 202603, or a date (its month)."""
    m = re.fullmatch(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))(?:[-/.]\d{1,2}.*)?", text.strip())
    if not m:
        return None
    month = int(m.group(2) or m.group(3))
    return dt.date(int(m.group(1)), month, 1) if 1 <= month <= 12 else None


def parse_date(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
