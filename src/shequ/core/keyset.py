"""Keyset (cursor) pagination for lists that must stay fast deep into the list — the one
pager of the project (API lists, HTML lists, the page kit).

A page is "the next ``limit`` rows after the last one seen" (or, going back, "the
``limit`` rows before the first one seen") in the queryset's own order, so the database
seeks on an index instead of counting past skipped rows: page 1000 costs what page 1
costs. The cursor handed to clients is opaque (base64 of the edge row's ordering values);
it follows whatever order the selector chose — ascending or descending, on int, text,
date or date-time columns — provided that order ends with the primary key (or another unique
column) and uses non-null columns; otherwise the page falls back to ``id`` order.
Counts are capped (``capped_count``) for the same reason.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .errors import DomainError, ErrorCode

MAX_CURSOR_CHARS = 400
COUNT_CAP = 10_000


@dataclass(frozen=True)
class _Column:
    name: str
    kind: type
    descending: bool

    @property
    def order(self) -> str:
        return f"-{self.name}" if self.descending else self.name


_KINDS = {
    "AutoField": int, "BigAutoField": int, "SmallAutoField": int, "IntegerField": int,
    "BigIntegerField": int, "SmallIntegerField": int, "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int, "PositiveBigIntegerField": int, "ForeignKey": int,
    "CharField": str, "SlugField": str, "TextField": str, "DateTimeField": dt.datetime,
    "DateField": dt.date,
}


def _ordering(qs: QuerySet) -> tuple[_Column, ...]:
    """The queryset's ordering if keyset-safe — plain non-null int, text, date or
    date-time columns, ending with a unique one — else ``id``."""
    order = tuple(qs.query.order_by) or (
        tuple(qs.model._meta.ordering) if qs.query.default_ordering else ()
    )
    by_id = (_Column("id", int, False),)
    out, last = [], None
    for entry in order:
        if not isinstance(entry, str) or "__" in entry:
            return by_id
        name = entry.removeprefix("-")
        try:
            last = qs.model._meta.pk if name == "pk" else qs.model._meta.get_field(name)
        except FieldDoesNotExist:
            return by_id
        kind = _KINDS.get(last.get_internal_type())
        if kind is None or last.null:
            return by_id
        out.append(_Column(last.attname, kind, entry.startswith("-")))
    if last is None or not (last.primary_key or last.unique):
        return by_id
    return tuple(out)


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value  # dates, date-times


def encode_cursor(values: Sequence) -> str:
    raw = json.dumps([_plain(v) for v in values], ensure_ascii=False,
                     separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _typed(value, kind: type):
    if kind is dt.datetime:
        parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        if parsed is None or parsed.tzinfo is None:
            raise ValueError(value)
        return parsed
    if kind is dt.date:
        return dt.date.fromisoformat(value) if isinstance(value, str) else _bad(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(value)
    return value


def _bad(value):
    raise ValueError(value)


def decode_cursor(cursor: str, kinds: Sequence[type]) -> list:
    """The ordering values inside a cursor; DomainError naming ``cursor`` if it is not one
    this module wrote for an ordering whose columns hold ``kinds``."""
    invalid = DomainError(_("This page cursor is not valid; start from the first page."),
                          code=ErrorCode.INVALID_CURSOR, field="cursor")
    if len(cursor) > MAX_CURSOR_CHARS:
        raise invalid
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError(values)
        return [_typed(v, k) for v, k in zip(values, kinds, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise invalid from None


def _beyond(columns: Sequence[_Column], values: Sequence, *, forward: bool) -> Q:
    """Rows strictly past ``values`` in the order of ``columns`` (``forward``) or strictly
    before them. The leading ``>=``/``<=`` gives the database an index range to seek on."""
    head, rest = columns[0], columns[1:]
    up = forward != head.descending
    strict, loose = ("gt", "gte") if up else ("lt", "lte")
    if not rest:
        return Q(**{f"{head.name}__{strict}": values[0]})
    return Q(**{f"{head.name}__{loose}": values[0]}) & (
        Q(**{f"{head.name}__{strict}": values[0]})
        | (Q(**{head.name: values[0]}) & _beyond(rest, values[1:], forward=forward))
    )


@dataclass
class Page:
    """One page of rows and the cursors of its neighbours (None: no page that way)."""

    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def keyset_window(qs: QuerySet, *, limit: int, after: str | None = None,
                  before: str | None = None) -> Page:
    """The ``limit`` rows after cursor ``after`` (or before cursor ``before``; neither:
    the first page). A page reached going forward is taken to have a previous one."""
    columns = _ordering(qs)
    qs = qs.order_by(*[c.order for c in columns])
    kinds = [c.kind for c in columns]
    names = [c.name for c in columns]

    def cursor_of(row) -> str:
        return encode_cursor([getattr(row, name) for name in names])

    if before:
        values = decode_cursor(before, kinds)
        rows = list(qs.filter(_beyond(columns, values, forward=False)).reverse()[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit][::-1]
        return Page(rows, cursor_of(rows[-1]) if rows else None,
                    cursor_of(rows[0]) if more else None)
    if after:
        qs = qs.filter(_beyond(columns, decode_cursor(after, kinds), forward=True))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, cursor_of(rows[-1]) if more else None,
                cursor_of(rows[0]) if after and rows else None)


def keyset_page(qs: QuerySet, *, limit: int, cursor: str | None) -> tuple[list, str | None]:
    """One page of ``qs``: (rows, cursor of the next page or None at the end)."""
    page = keyset_window(qs, limit=limit, after=cursor)
    return page.rows, page.next_cursor


def page_for_request(qs: QuerySet, request, *, size: int) -> tuple[list, str, bool]:
    """One page of an HTML list after ``?cursor=…``: (rows, the query string of the next
    page or "", whether this page continues a list). A cursor that is not ours restarts
    at the first page instead of failing."""
    page, continued = request_window(qs, request, size=size)
    return page.rows, _with(request, cursor=page.next_cursor), continued


def request_window(qs: QuerySet, request, *, size: int) -> tuple[Page, bool]:
    """The page ``?cursor=…`` (forward) or ``?before=…`` (back) asks for, and whether it
    continues a list. A cursor that is not ours restarts at the first page."""
    after = request.GET.get("cursor") or None
    before = None if after else (request.GET.get("before") or None)
    try:
        return keyset_window(qs, limit=size, after=after, before=before), bool(after or before)
    except DomainError:
        return keyset_window(qs, limit=size), False


def neighbour_queries(request, page: Page) -> tuple[str, str]:
    """The query strings (filters kept) of the next and the previous page, "" for none."""
    return (_with(request, cursor=page.next_cursor),
            _with(request, before=page.previous_cursor))


def _with(request, **cursor) -> str:
    key, value = next(iter(cursor.items()))
    if not value:
        return ""
    query = request.GET.copy()
    for name in ("cursor", "before", "format"):
        query.pop(name, None)
    query[key] = value
    return query.urlencode()


def capped_count(qs: QuerySet) -> tuple[int, bool]:
    """(count, capped): counting stops at COUNT_CAP so a district-wide list stays fast."""
    n = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP
