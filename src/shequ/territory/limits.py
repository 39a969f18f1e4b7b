"""Text length limits of stored fields, enforced by refusal, never by cutting.

The limit of a field is its column's ``max_length``, read from the model, so the form's
help text and ``maxlength``, the API schema, the services and the roster import all state
and apply the same number. Services call :func:`clean_text`; a value that does not fit is
refused with code ``too_long`` and the field's name, like the API's own schema check (and
in the same words).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shequ.core.errors import DomainError


def max_length(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def too_long_message(limit: int) -> str:
    return ngettext("At most %(n)d character is allowed.",
                    "At most %(n)d characters are allowed.", limit) % {"n": limit}


def too_long(field: str, limit: int) -> DomainError:
    return DomainError(too_long_message(limit), code="too_long", field=field)


def clean_text(value, *, model: type[models.Model], field: str, as_field: str | None = None,
               required: bool = False, multiline: bool = False) -> str:
    """``value`` trimmed (runs of spaces made one, unless ``multiline``), refused when empty
    and ``required`` or longer than ``model.field`` holds. ``as_field`` names the input when
    it differs from the model field (an API parameter)."""
    name = as_field or field
    text = str(value or "").strip() if multiline else " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(_("This field is required."), code="required", field=name)
    limit = max_length(model, field)
    if len(text) > limit:
        raise too_long(name, limit)
    return text
