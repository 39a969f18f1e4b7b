"""The one refusal of text over its limit (the limits are in ``models.cases``)."""

from __future__ import annotations

from django.utils.translation import ngettext

from shequ.core.errors import DomainError


def limited(value: str, *, field: str, maximum: int) -> str:
    """``value`` stripped, or DomainError ``too_long`` naming the field and the limit."""
    value = (value or "").strip()
    if len(value) > maximum:
        raise DomainError(ngettext(
            "At most %(n)d character is allowed (this has %(given)d).",
            "At most %(n)d characters are allowed (this has %(given)d).", maximum)
            % {"n": maximum, "given": len(value)}, code="too_long", field=field)
    return value
