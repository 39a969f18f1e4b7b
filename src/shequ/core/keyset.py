"""Keyset (cursor) pagination for lists that must stay fast deep into the list.

A page is "the next ``limit`` rows after the last one seen" in the queryset's own order, so
the database seeks on an index instead of counting past skipped rows: page 1000 costs what
page 1 costs. The cursor handed to clients is opaque (base64 of the last row's ordering
values); it follows whatever order the selector chose, provided that order ends with the
primary key (or another unique column) and uses non-null columns — otherwise the page falls
back to ``id`` order.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .errors import DomainError

MAX_CURSOR_CHARS = 400


def _ordering(qs: QuerySet) -> tuple[tuple[str, type], ...]:
    """The queryset's ordering as (column, Python type) if keyset-safe — ascending, plain
    non-null int or text columns, ending with a unique one — else ``id``."""
    order = tuple(qs.query.order_by) or (
        tuple(qs.model._meta.ordering) if qs.query.default_ordering else ()
    )
    by_id = (("id", int),)
    out, last = [], None
    for name in order:
        if not isinstance(name, str) or name.startswith("-") or "__" in name:
            return by_id
        try:
            last = qs.model._meta.pk if name == "pk" else qs.model._meta.get_field(name)
        except FieldDoesNotExist:
            return by_id
        kind = _KINDS.get(last.get_internal_type())
        if kind is None or last.null:
            return by_id
        out.append((last.attname, kind))
    if last is None or not (last.primary_key or last.unique):
        return by_id
    return tuple(out)


_KINDS = {
    "AutoField": int, "BigAutoField": int, "SmallAutoField": int, "IntegerField": int,
    "BigIntegerField": int, "SmallIntegerField": int, "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int, "PositiveBigIntegerField": int, "ForeignKey": int,
    "CharField": str, "SlugField": str, "TextField": str,
}


def encode_cursor(values: Sequence) -> str:
    raw = json.dumps(list(values), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: Sequence[type]) -> list:
    """The ordering values inside a cursor; DomainError naming ``cursor`` if it is not one
    this module wrote for an ordering whose columns hold ``kinds``."""
    invalid = DomainError(_("This page cursor is not valid; start from the first page."),
                          code="invalid_cursor", field="cursor")
    if len(cursor) > MAX_CURSOR_CHARS:
        raise invalid
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid from None
    if not isinstance(values, list) or len(values) != len(kinds) or not all(
        isinstance(v, k) and not isinstance(v, bool) for v, k in zip(values, kinds, strict=True)
    ):
        raise invalid
    return values


def _after(fields: Sequence[str], values: Sequence) -> Q:
    """Rows strictly after ``values`` in the lexicographic order of ``fields``. The leading
    ``>=`` gives the database an index range to seek on."""
    head, rest = fields[0], fields[1:]
    if not rest:
        return Q(**{f"{head}__gt": values[0]})
    return Q(**{f"{head}__gte": values[0]}) & (
        Q(**{f"{head}__gt": values[0]}) | (Q(**{head: values[0]}) & _after(rest, values[1:]))
    )


def keyset_page(qs: QuerySet, *, limit: int, cursor: str | None) -> tuple[list, str | None]:
    """One page of ``qs``: (rows, cursor of the next page or None at the end)."""
    order = _ordering(qs)
    names = [name for name, _kind in order]
    qs = qs.order_by(*names)
    if cursor:
        values = decode_cursor(cursor, [kind for _name, kind in order])
        qs = qs.filter(_after(names, values))
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor([getattr(last, name) for name in names])


def page_for_request(qs: QuerySet, request, *, size: int) -> tuple[list, str, bool]:
    """One page of an HTML list after ``?cursor=…``: (rows, the query string of the next
    page or "", whether this page continues a list). A cursor that is not ours restarts
    at the first page instead of failing."""
    cursor = request.GET.get("cursor") or None
    try:
        rows, next_cursor = keyset_page(qs, limit=size, cursor=cursor)
    except DomainError:
        cursor = None
        rows, next_cursor = keyset_page(qs, limit=size, cursor=None)
    next_query = ""
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_query = query.urlencode()
    return rows, next_query, cursor is not None
