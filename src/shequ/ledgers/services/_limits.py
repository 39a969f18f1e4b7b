"""The ledgers' name for core's one text-limit rule (the limits are in ``models.cases``)."""

from __future__ import annotations

from shequ.core.freetext import clean_text


def limited(value: str, *, field: str, maximum: int) -> str:
    """``value`` stripped, or DomainError ``too_long`` naming the field and the limit."""
    return clean_text(value, field=field, limit=maximum)
