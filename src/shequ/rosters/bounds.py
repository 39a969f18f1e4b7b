"""What a roster file may expand to, checked before any spreadsheet library reads it.

A spreadsheet reader materialises every sheet as a dense grid from A1 to the last cell that
holds a value: a 1.6 KB .xlsx holding only A1 and XFD1048576 asks calamine for 16,384 ×
1,048,576 cells (512 GiB), and a 1.2 MB zip can expand to hundreds of MB of XML. So, before
calamine sees the file:

- the file's kind is read from its first bytes, not its name (a Word file or a web page
  renamed ``.xlsx`` gets a message saying what it is and what to do);
- .xlsx/.xlsm and .ods are zip archives: the sizes their members declare must add up to at
  most ``MAX_UNCOMPRESSED`` (refused without decompressing anything); the members are then
  decompressed as streams, counting the bytes produced (zipfile never yields more than a
  member declares: a lie fails its CRC);
- each worksheet's XML is scanned in that same pass for its rows and cells (with or without
  ``r=`` references, repeated rows and columns in ODS) to find the last cell holding a value;
  the grid from A1 to it must stay under ``MAX_CELLS`` and ``MAX_COLUMNS``;
- .xls (BIFF) cannot be scanned cheaply; its format caps a sheet at 65,536 × 256, and the
  grid is checked from calamine's sheet dimensions before it is turned into Python rows.

Every refusal is a DomainError with a stable code and a message in the user's language that
says what to do. Nothing here keeps cell contents.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.rosters.errors import RosterErrorCode

# A roster of 100,000 people × 15 columns is 1.5 M cells and about 80 MB of sheet XML (the
# issue-3 benchmark); these limits leave room for twice that and keep a worker under 1 GB.
MAX_CELLS = 4_000_000
MAX_COLUMNS = 500
MAX_ROWS = 1_048_576
MAX_UNCOMPRESSED = 250 * 1024 * 1024
MAX_MEMBERS = 2_000
_CHUNK = 1024 * 1024
_MAX_TAIL = 64 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Extent:
    """The grid a reader would build: from A1 to the last cell holding a value."""

    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def refuse_extent(extent: Extent) -> None:
    """Raise when a sheet's grid is larger than a roster can be."""
    if extent.columns > MAX_COLUMNS or extent.rows > MAX_ROWS or extent.cells > MAX_CELLS:
        raise DomainError(
            _("A sheet in this file reaches %(rows)s rows × %(cols)s columns (from A1 to its last "
              "filled cell), more than a roster can hold (%(max)s cells). Delete the stray "
              "cells far below or to the right of the list (Ctrl+End shows the last one), or "
              "split the roster into several files, then upload it again.")
            % {"rows": f"{extent.rows:,}", "cols": f"{extent.columns:,}",
               "max": f"{MAX_CELLS:,}"},
            code=RosterErrorCode.FILE_TOO_LARGE, field="file")


def _too_big() -> DomainError:
    return DomainError(
        _("This file expands to more than %(mb)d MB when opened, far more than a roster of "
          "people needs; it may be damaged or built to overload the server. Copy only the "
          "roster's rows into a new workbook, save it as .xlsx and upload that.")
        % {"mb": MAX_UNCOMPRESSED // (1024 * 1024)},
        code=RosterErrorCode.FILE_TOO_LARGE, field="file")


def not_a_spreadsheet(suffix: str) -> DomainError:
    return DomainError(
        _("This file is not a %(suffix)s workbook, although its name ends in %(suffix)s (perhaps "
          "another kind of file was renamed, or it is damaged). Open the roster in Excel or WPS, "
          "choose Save As → Excel workbook (.xlsx), and upload the saved file.")
        % {"suffix": suffix},
        code=RosterErrorCode.FILE_UNREADABLE, field="file")


def unreadable() -> DomainError:
    return DomainError(_(
        "The workbook cannot be read: it is damaged or in a form this importer does not know. "
        "Open it in Excel or WPS, choose Save As → Excel workbook (.xlsx), and upload the "
        "saved file."), code=RosterErrorCode.FILE_UNREADABLE, field="file")


def encrypted() -> DomainError:
    return DomainError(_(
        "This workbook is protected by a password, so it cannot be read. Open it in Excel or "
        "WPS, remove the password (File → Info → Protect Workbook), save it as .xlsx and "
        "upload it again."), code=RosterErrorCode.FILE_ENCRYPTED, field="file")


def sniff(path: Path) -> str:
    """"zip", "ole" or "other", from the first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head == OLE_MAGIC:
        return "ole"
    return "other"


def check_workbook(path: Path, suffix: str) -> str:
    """Refuse a spreadsheet file that is not what its name says or would expand past the
    limits; return the kind calamine should open ("xlsx", "ods" or "xls")."""
    kind = sniff(path)
    if suffix in (".xlsx", ".xlsm", ".ods"):
        if kind == "ole":  # an OOXML file with a password is an OLE container
            raise encrypted() if suffix != ".ods" else unreadable()
        if kind != "zip":
            raise not_a_spreadsheet(suffix)
        return _check_zip(path, suffix)
    if suffix == ".xls":
        if kind == "zip":  # an .xlsx saved under an old name: read it as what it is
            return _check_zip(path, ".xlsx")
        if kind != "ole":
            raise not_a_spreadsheet(suffix)
        return "xls"
    raise not_a_spreadsheet(suffix)


def _check_zip(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise _too_big()
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                raise _too_big()  # declared sizes: refuse without decompressing anything
            names = {i.filename for i in infos}
            is_ods = "content.xml" in names and "mimetype" in names
            if is_ods:
                if zf.read("mimetype").strip() != ODS_MIMETYPE:
                    raise not_a_spreadsheet(suffix)
            elif "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                raise not_a_spreadsheet(suffix)
            elif "xl/workbook.bin" in names:  # .xlsb: binary records, not scanned
                raise unreadable()
            total = 0
            for info in infos:
                scanner = None
                if is_ods and info.filename == "content.xml":
                    scanner = _OdsScanner()
                elif not is_ods and _is_worksheet(info.filename):
                    scanner = _XlsxScanner()
                try:
                    after = _stream(zf, info, total, scanner)
                except _NeedExact:  # cells without references: count positions one by one
                    scanner = _XlsxScanner(exact=True)
                    after = _stream(zf, info, total, scanner)
                total = after
                if scanner is not None:
                    scanner.finish()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError,
            NotImplementedError, ValueError, KeyError):
        raise unreadable() from None
    except RuntimeError:  # zipfile: "File is encrypted, password required"
        raise encrypted() from None
    return "ods" if is_ods else "xlsx"


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, scanner) -> int:
    """Decompress one member chunk by chunk, counting real bytes; feed a scanner."""
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            total += len(chunk)
            if total > MAX_UNCOMPRESSED:
                raise _too_big()
            if scanner is not None:
                scanner.feed(chunk)
    return total


class _Scanner:
    """Feeds XML by chunks to a tag regex; only whole tags (up to the last ``<``) are read."""

    TAG: re.Pattern

    def __init__(self):
        self.tail = b""
        self.max_row = 0
        self.max_col = 0

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            self.tail = b""
            return
        for m in self.TAG.finditer(data, 0, cut):
            self.tag(m, data)
        self.tail = data[cut:] if len(data) - cut <= _MAX_TAIL else b""
        self.check()

    def finish(self) -> None:
        if self.tail:
            for m in self.TAG.finditer(self.tail):
                self.tag(m, self.tail)
            self.tail = b""
        self.check()

    def check(self) -> None:
        refuse_extent(Extent(self.max_row, self.max_col))

    def tag(self, m: re.Match, data: bytes) -> None:
        raise NotImplementedError


_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_XLSX_REF = re.compile(rb'(?:^|\s)r="([A-Za-z]{0,3})(\d*)"')


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


_VALUED_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>/]*>(?!</)')
_COL, _ROW = itemgetter(0), itemgetter(1)
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row)[\s/>]")


class _NeedExact(Exception):
    """The sheet has cells without ``r=`` or prefixed tags: scan it tag by tag."""


class _XlsxScanner(_Scanner):
    """SpreadsheetML: ``<row r="5">`` and ``<c r="B5">``; a cell with no child (``<c/>``,
    ``<c></c>``: formatting only) holds no value and does not count, as calamine does not
    count it.

    Every cell of a file written by Excel, WPS, LibreOffice or openpyxl carries its ``r=``,
    so one regex over each chunk finds the valued cells' references (about 1 s for the
    100,000-row roster's 90 MB of XML). Cells without ``r=`` take the next position; when a
    chunk holds any, the member is scanned again tag by tag (``exact``)."""

    TAG = _XLSX_TAG

    def __init__(self, exact: bool = False):
        super().__init__()
        self.exact = exact
        self.row = 0
        self.col = 0

    def feed(self, chunk: bytes) -> None:
        if self.exact:
            return super().feed(chunk)
        data = self.tail + chunk
        cut = data.rfind(b"<")
        part = data[:cut] if cut >= 0 else data
        cells = part.count(b"<c ") + part.count(b"<c>") + part.count(b"<c/")
        if cells != part.count(b'<c r="') or _PREFIXED.search(part):
            raise _NeedExact
        refs = _VALUED_REF.findall(part)
        if refs:
            self.max_row = max(self.max_row, max(map(int, map(_ROW, refs))))
            self.max_col = max(self.max_col, max(map(column_number, set(map(_COL, refs)))))
        self.tail = data[cut:] if 0 <= cut and len(data) - cut <= _MAX_TAIL else b""
        self.check()

    def finish(self) -> None:
        if not self.exact and self.tail:
            self.feed(b"<")  # the last tag is whole now
            self.tail = b""
        super().finish()

    def tag(self, m: re.Match, data: bytes) -> None:
        ref = _XLSX_REF.search(m[2])
        if m[1] == b"row":
            self.row = int(ref[2]) if ref and ref[2] else self.row + 1
            self.col = 0
            return
        if ref and ref[1]:
            self.col = column_number(ref[1])
            if ref[2]:
                self.row = int(ref[2])
        else:
            self.col += 1
        if not m[3] and data[m.end():m.end() + 2] != b"</":
            self.max_row = max(self.max_row, self.row)
            self.max_col = max(self.max_col, self.col)


_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="(\d+)"')


class _OdsScanner(_Scanner):
    """OpenDocument: rows and cells carry repeat counts (number-rows-repeated,
    number-columns-repeated); a cell with content (not self-closing) counts at the last
    position it repeats to."""

    TAG = _ODS_TAG

    def __init__(self):
        super().__init__()
        self.row = 0
        self.col = 0
        self.repeat = 1

    def tag(self, m: re.Match, data: bytes) -> None:
        closing, name, attrs, empty = m[1], m[2], m[3], m[4]
        if name == b"table":  # a sheet starts or ends: each sheet is its own grid
            if closing:
                self.check()
            self.row = self.max_row = self.max_col = 0
            return
        if closing:
            if name == b"table-row":
                self.row += self.repeat - 1
            return
        if name == b"table-row":
            rep = _ODS_ROWS.search(attrs)
            self.repeat = int(rep[1]) if rep else 1
            self.row += 1
            self.col = 0
            if empty:
                self.row += self.repeat - 1
            return
        rep = _ODS_COLS.search(attrs)
        self.col += int(rep[1]) if rep else 1
        if not empty and data[m.end():m.end() + 2] != b"</":
            self.max_row = max(self.max_row, self.row + self.repeat - 1)
            self.max_col = max(self.max_col, self.col)
