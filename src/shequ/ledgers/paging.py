"""Newest-first keyset pages of cases: "the next N received before the last one seen".
The database seeks on (created_at, id) instead of counting past skipped rows, so the
thousandth page costs what the first does. Counts are capped for the same reason."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError

COUNT_CAP = 10_000


def encode(at: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()).decode()
        at, pk = raw.split("|")
        return dt.datetime.fromisoformat(at), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError(_("This page cursor is not valid; start from the first page."),
                          code="invalid_cursor", field="cursor") from None


def newest_first(qs: QuerySet, *, limit: int, cursor: str | None) -> tuple[list, str | None]:
    qs = qs.order_by("-created_at", "-id")
    if cursor:
        at, pk = decode(cursor)
        qs = qs.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=pk))
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode(rows[-1].created_at, rows[-1].pk)


def capped_count(qs: QuerySet) -> tuple[int, bool]:
    """(count, capped): counting stops at COUNT_CAP so a district-wide list stays fast."""
    n = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP
