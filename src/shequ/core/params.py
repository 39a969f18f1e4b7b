"""Numbers from a query string or a form post, for HTML views. A value that is missing,
not a number or out of range is "not given" (``None`` or the caller's default), never an
exception: a hand-edited ``?community=abc`` or ``?year=-301`` shows the page with its
default instead of a server error, and an id beyond the database's integers
(``?community=10**20``) never reaches a query (SQLite raises OverflowError on it)."""

from __future__ import annotations

from typing import Annotated

from django.utils import timezone
from pydantic import Field

MAX_ID = 2**63 - 1  # the largest primary key either database stores


def int_param(raw, *, least: int = 0, most: int = MAX_ID, default: int | None = None):
    """``raw`` as an int in ``least … most``, else ``default``."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return value if least <= value <= most else default


def id_param(raw) -> int | None:
    """A primary key (1 … 2**63-1) or None."""
    return int_param(raw, least=1)


def ids_param(values) -> list[int]:
    """The primary keys among ``values`` (a form's ticked boxes, ``POST.getlist``); what is
    not one is left out, as a box that was never offered."""
    return [v for raw in values if (v := id_param(raw)) is not None]


def year_param(raw, *, least: int = 2000, ahead: int = 1) -> int:
    """A plausible year (``least`` … next year), else this year."""
    this = timezone.localdate().year
    return int_param(raw, least=least, most=this + ahead, default=this)


# -- the same bounds for the JSON API's schemas (pydantic) ----------------------------------
MAX_AMOUNT = 2**31 - 1  # the largest value of a (Positive)IntegerField on both databases

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="an id")]
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Year = Annotated[int, Field(ge=1900, le=2100)]
