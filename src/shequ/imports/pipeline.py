"""One import pipeline for an office's own workbooks (territory, party organisations, units,
party members, accounts). Each kind declares its columns (with the names offices give
them), which of them merged cells cover, and how a row is written; the pipeline does the
rest the way the roster importer does (and with its reading, header and cell modules):

* the sheet whose top rows hold the kind's header is read (.xlsx/.xls/.ods/.csv, bounded);
  title rows above the header, blank rows and footer lines (合计, 制表人…) are skipped;
  full-width digits and letters become half-width;
* cells of a merged block (a street name merged down its communities) are filled down;
* every row is checked and written by the same code, each row in its own savepoint: a
  rejected row carries its reasons and leaves nothing behind. A dry run is the same run
  rolled back at the end, so a parent created by an earlier row is seen by a later one;
* the counts say what happened: new, updated, unchanged (a second import of the same file
  changes nothing), rejected; an error workbook lists the rejected rows with the reason
  and the original row number (``原行号``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core.downloads import Workbook
from shequ.core.errors import DomainError
from shequ.rosters.cells import CellError, compact, is_blank, text
from shequ.rosters.headers import SCAN_ROWS, header_key, is_footer
from shequ.rosters.reading import read_rows

from .errors import ImportErrorCode

Progress = Callable[[str, int, int], None]

NEW, UPDATED, UNCHANGED, REJECTED = "new", "updated", "unchanged", "rejected"
REASON_HEADER = "错误原因"
ROW_HEADER = "原行号"
VALID_ROWS, ALL_OR_NOTHING = "valid-rows", "all-or-nothing"
MODES = (VALID_ROWS, ALL_OR_NOTHING)


@dataclass(frozen=True)
class Column:
    field: str
    aliases: tuple[str, ...]  # the first is the template's header
    required: bool = False
    fill_down: bool = False  # merged cells (a street over its communities) repeat downwards
    stored: bool = True  # recognised but not kept (a secretary's name…): listed, never stored


class RowRejected(Exception):
    """Raised inside a kind's ``apply_row`` for a refusal with a code, field and reason."""

    def __init__(self, code: str, field: str | None, message: str):
        super().__init__(message)
        self.code, self.field, self.message = code, field, str(message)


@dataclass
class Row:
    number: int  # Excel row number
    raw: list
    cells: dict[str, object]  # field -> cell as read (filled down)
    errors: list[tuple[str, str | None, str]] = field(default_factory=list)
    status: str = ""

    def get(self, name: str) -> str:
        return text(self.cells.get(name))

    def compact(self, name: str) -> str:
        return compact(self.cells.get(name))

    def blank(self, name: str) -> bool:
        return is_blank(self.cells.get(name))


@dataclass
class Context:
    """What a kind's rows are written with: the acting user (None: the command line), the
    area the file is imported into, and per-run memory (lookups, created objects)."""

    actor: object
    into: object | None
    dry_run: bool
    cache: dict = field(default_factory=dict)
    outputs: list = field(default_factory=list)  # e.g. one-time passwords (accounts)


class Kind:
    """A kind of import. Subclasses set ``name``, ``label``, ``columns`` and write a row in
    ``apply_row`` (returning NEW, UPDATED or UNCHANGED, or raising RowRejected/CellError/
    DomainError). ``prepare`` runs once before the rows (lookups)."""

    name: str = ""
    label: str = ""
    columns: tuple[Column, ...] = ()
    # At least one of these groups must be present for a header to count (besides required).
    min_fields: int = 2
    into_kinds: tuple[str, ...] = ("district", "street")
    # Actions the acting user needs over ``into`` (checked by the services too).
    action: str = "manage_territory"
    template_example: tuple = ()

    # A batched kind checks every row first, then writes the accepted ones in bulk
    # (``apply_batch``; thousands of party members); the others write row by row.
    batched: bool = False

    def prepare(self, ctx: Context) -> None:
        pass

    def apply_batch(self, rows: list[Row], ctx: Context,
                    progress: Callable[[int], None]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_required(self, row: Row) -> bool:
        """Refuse a row whose required cells are empty; False when refused."""
        for col in self.required:
            if row.blank(col.field):
                reject(row, "required", col.field, _("%(c)s is empty.") % {"c": col.aliases[0]})
        return not row.errors

    def apply_row(self, row: Row, ctx: Context) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def finish(self, ctx: Context) -> None:
        pass

    # -- header --------------------------------------------------------------------------
    def alias_map(self) -> dict[str, str]:
        cached = self.__dict__.get("_aliases")
        if cached is None:
            cached = {}
            for col in self.columns:
                for a in col.aliases:
                    cached.setdefault(header_key(a), col.field)
            self.__dict__["_aliases"] = cached
        return cached

    def field_of(self, cell) -> str | None:
        return self.alias_map().get(header_key(cell))

    def matches(self, row: list) -> dict[int, str]:
        out: dict[int, str] = {}
        seen: set[str] = set()
        for i, cell in enumerate(row):
            f = self.field_of(cell)
            if f and f not in seen:
                out[i] = f
                seen.add(f)
        return out

    def looks_like_header(self, row: list) -> bool:
        return len(self.matches(row)) >= self.min_fields

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]


# -- registry ---------------------------------------------------------------------------

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Apps declare their import kinds here (``AppConfig.ready`` or the kind's module)."""
    KINDS[kind.name] = kind
    return kind


def kind_get(name: str) -> Kind:
    from . import kinds  # noqa: F401 - the built-in kinds register themselves

    try:
        return KINDS[name]
    except KeyError:
        raise DomainError(_("Unknown import kind %(k)s; use one of: %(all)s")
                          % {"k": name, "all": ", ".join(sorted(KINDS) + ["residents"])},
                          code=ImportErrorCode.UNKNOWN_KIND, field="kind") from None


# -- header -----------------------------------------------------------------------------

@dataclass
class Header:
    row_index: int
    columns: dict[str, int]
    labels: dict[str, str]
    ignored: list[str]
    cells: list[str]

    def mapping(self, kind: Kind) -> list[dict]:
        stored = {c.field: c.stored for c in kind.columns}
        return [{"field": f, "column": self.labels[f], "index": i, "stored": stored[f]}
                for f, i in sorted(self.columns.items(), key=lambda kv: kv[1])]


def detect_header(rows: list[list], kind: Kind) -> Header:
    best_i, best = -1, {}
    for i, row in enumerate(rows[:SCAN_ROWS]):
        found = kind.matches(row)
        if len(found) > len(best):
            best_i, best = i, found
    required = kind.required
    missing = [c.aliases[0] for c in required if c.field not in best.values()]
    if best_i < 0 or len(best) < kind.min_fields or missing:
        names = missing or [c.aliases[0] for c in required]
        raise DomainError(
            _("No header row found in the first %(n)d rows for this kind of import: the "
              "file needs the columns %(c)s. Download the template to see them.")
            % {"n": SCAN_ROWS, "c": "、".join(names)}, code=ImportErrorCode.MISSING_COLUMNS, field="file")
    row = rows[best_i]
    columns = {f: i for i, f in best.items()}
    labels = {f: text(row[i]) for i, f in best.items()}
    ignored = [text(c) for i, c in enumerate(row) if i not in best and not is_blank(c)]
    return Header(row_index=best_i, columns=columns, labels=labels, ignored=ignored,
                  cells=[text(c) for c in row])


def data_rows(rows: list[list], header: Header, kind: Kind) -> list[Row]:
    """The rows under the header: blank rows skipped, the foot (合计, 制表人…) and anything
    after it dropped, a repeated header (a printed sheet's second page) skipped, merged cells
    of the fill-down columns filled from the row above."""
    fill = {c.field for c in kind.columns if c.fill_down}
    last: dict[str, object] = {}
    out: list[Row] = []
    header_texts = [compact(c) for c in rows[header.row_index]]
    for idx in range(header.row_index + 1, len(rows)):
        raw = rows[idx]
        if not raw or all(is_blank(c) for c in raw):
            last = {}  # a blank line ends a merged block
            continue
        if is_footer(raw):
            break
        if [compact(c) for c in raw] == header_texts:
            continue
        cells = {f: (raw[i] if i < len(raw) else None) for f, i in header.columns.items()}
        for f in fill:
            if f in cells and is_blank(cells[f]) and f in last:
                cells[f] = last[f]
        for f in fill:
            if f in cells and not is_blank(cells[f]):
                last[f] = cells[f]
        out.append(Row(number=idx + 1, raw=list(raw), cells=cells))
    return out


# -- running ----------------------------------------------------------------------------

@dataclass
class Result:
    kind: Kind
    header: Header
    rows: list[Row]
    committed: bool
    dry_run: bool
    outputs: list

    def counts(self) -> dict:
        c = {NEW: 0, UPDATED: 0, UNCHANGED: 0, REJECTED: 0}
        for r in self.rows:
            c[r.status] += 1
        return {**c, "total": len(self.rows)}

    @property
    def rejected(self) -> list[Row]:
        return [r for r in self.rows if r.status == REJECTED]

    def report(self, limit: int = 200) -> dict:
        return {
            "kind": self.kind.name,
            "mapping": self.header.mapping(self.kind),
            "ignored_columns": self.header.ignored,
            "not_stored": [self.header.labels[c.field] for c in self.kind.columns
                           if not c.stored and c.field in self.header.columns],
            "rejected": [{"row": r.number, "errors": [
                {"code": code, "field": f, "message": m} for code, f, m in r.errors]}
                for r in self.rejected[:limit]],
            "counts": self.counts(),
        }

    def summary_line(self) -> str:
        c = self.counts()
        verb = "imported" if self.committed else "would import"
        return (f"{verb}: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
                f"{c['rejected']} rejected (of {c['total']} rows)")


class _Rollback(Exception):
    pass


def reject(row: Row, code: str, fld: str | None, message: str) -> None:
    row.errors.append((code, fld, str(message)))
    row.status = REJECTED


def run(kind: Kind | str, path: Path | str, *, actor, into=None, dry_run: bool = False,
        mode: str = VALID_ROWS, progress: Progress | None = None) -> Result:
    """Read, check and (unless ``dry_run``) write one workbook of ``kind``. With
    ``all-or-nothing`` nothing is written while any row is rejected."""
    if isinstance(kind, str):
        kind = kind_get(kind)
    if mode not in MODES:
        raise DomainError(_("Unknown mode."), field="mode")
    rows = read_rows(path, looks_like_header=kind.looks_like_header)
    header = detect_header(rows, kind)
    items = data_rows(rows, header, kind)
    del rows
    progress = progress or (lambda phase, done, total: None)
    ctx = Context(actor=actor, into=into, dry_run=dry_run)
    total = len(items)
    step = max(1, total // 100)
    try:
        with transaction.atomic():
            kind.prepare(ctx)
            phase = "check" if dry_run else "write"
            if kind.batched:
                kind.apply_batch(items, ctx, lambda done: progress(phase, done, total))
            else:
                for n, row in enumerate(items, 1):
                    _apply(kind, row, ctx)
                    if n % step == 0 or n == total:
                        progress(phase, n, total)
            kind.finish(ctx)
            rejected = any(r.status == REJECTED for r in items)
            if dry_run or (mode == ALL_OR_NOTHING and rejected):
                raise _Rollback
    except _Rollback:
        committed = False
        ctx.outputs = []  # nothing was created: no password is handed over
    else:
        committed = True
    return Result(kind=kind, header=header, rows=items, committed=committed, dry_run=dry_run,
                  outputs=ctx.outputs)


def _apply(kind: Kind, row: Row, ctx: Context) -> None:
    if not kind.check_required(row):
        return
    mark = len(ctx.outputs)
    try:
        with transaction.atomic():
            row.status = kind.apply_row(row, ctx)
    except RowRejected as exc:
        reject(row, exc.code, exc.field, exc.message)
    except CellError as exc:
        reject(row, exc.code, exc.field, exc.message)
    except DomainError as exc:
        reject(row, exc.code, exc.field, exc.message)
    if row.status == REJECTED:
        # The row's savepoint is rolled back: what it created no longer exists, so nothing
        # it may have cached is kept (kinds load their look-ups lazily, again).
        del ctx.outputs[mark:]
        ctx.cache.clear()


# -- workbooks --------------------------------------------------------------------------

def write_error_workbook(result: Result, out: Path | str) -> int:
    """The rejected rows as read, each with its reasons and original row number (0600)."""
    wb = Workbook(streamed=True)
    width = max([len(result.header.cells)] + [len(r.raw) for r in result.rejected])
    head = list(result.header.cells) + [""] * (width - len(result.header.cells))
    ws = wb.sheet("错误行", head + [REASON_HEADER, ROW_HEADER])
    n = 0
    for row in result.rejected:
        cells = list(row.raw) + [None] * (width - len(row.raw))
        reason = "；".join(m for _c, _f, m in row.errors)
        ws.append([None if c == "" else c for c in cells] + [reason, row.number])
        n += 1
    wb.save_private(Path(out))
    return n


def template_workbook(kind: Kind):
    """A blank workbook with the kind's header (and one example row) to fill in."""
    wb = Workbook()
    ws = wb.sheet(kind.label or kind.name, [c.aliases[0] for c in kind.columns])
    if kind.template_example:
        ws.append(list(kind.template_example))
    ws.fit_columns()
    return wb


def parse_date_any(value, fld: str) -> dt.date | None:
    from shequ.rosters.cells import parse_date

    return parse_date(value, fld)


def choice(value: str, table: dict[str, str], fld: str, code: str) -> str:
    key = compact(value)
    try:
        return table[key]
    except KeyError:
        raise RowRejected(code, fld, _("Unknown value %(v)s; use one of: %(a)s") % {
            "v": key, "a": "、".join(sorted(set(table), key=len)[:12])}) from None


def first_of(values: Iterable):
    for v in values:
        if v:
            return v
    return None
