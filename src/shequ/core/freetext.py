"""Free text people type (titles, descriptions, notes, reasons): one rule for its limits.

The limit of a text is its model field's ``max_length`` (``limit_of``). A longer text is
refused with a message naming the field — never cut silently — at every door: services
call ``clean_text`` (``DomainError`` ``too_long``), API schemas declare the same
``max_length`` (the error funnel answers 400 ``too_long``), and forms state the limit under
the field and refuse it (``LimitsStatedForm``). Browsers silently cut pasted text at an
input's ``maxlength``, so forms leave that attribute off and let the server refuse.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import DomainError, ErrorCode

TOO_LONG = ErrorCode.TOO_LONG
# A reason given for an action that keeps it only in the audit trail (whose column holds
# 300 characters): the same limit as the reasons stored on rows.
REASON_MAX = 200


def limit_of(model, name: str) -> int:
    """The most characters the model's field ``name`` holds."""
    return model._meta.get_field(name).max_length


def too_long_message(limit: int, given: int | None = None) -> str:
    if given is None:
        return ngettext("At most %(n)d character is allowed.",
                        "At most %(n)d characters are allowed.", limit) % {"n": limit}
    return ngettext("At most %(n)d character is allowed (this has %(given)d).",
                    "At most %(n)d characters are allowed (this has %(given)d).",
                    limit) % {"n": limit, "given": given}


def too_long(field: str, limit: int, given: int | None = None) -> DomainError:
    return DomainError(too_long_message(limit, given), code=TOO_LONG, field=field)


def clean_text(value, *, field: str, limit: int | None = None, model=None,
               model_field: str | None = None, required: bool = False,
               required_message: str | None = None, single_line: bool = False) -> str:
    """``value`` without surrounding blanks (and, when ``single_line``, with every run of
    white space made one space: names, codes); refused when required and empty, or longer
    than ``limit`` — by default what ``model``'s field ``model_field`` (or ``field``) holds —
    with a DomainError naming ``field``."""
    text = " ".join(str(value or "").split()) if single_line else str(value or "").strip()
    if required and not text:
        raise DomainError(required_message or _("This field is required."),
                          code=ErrorCode.REQUIRED, field=field)
    if limit is None:
        limit = limit_of(model, model_field or field)
    if len(text) > limit:
        raise too_long(field, limit, len(text))
    return text


def state_limits(form: forms.BaseForm) -> None:
    """Write each text field's limit under it and drop the browser's ``maxlength`` (the
    form's own validation refuses a longer text, with the text kept for correcting)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length:
            hint = too_long_message(field.max_length)
            field.help_text = f"{field.help_text} {hint}" if field.help_text else hint
            field.widget.attrs.pop("maxlength", None)


class LimitsStatedForm(forms.Form):
    """A form whose text fields show their limits (see ``state_limits``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state_limits(self)


def form_refusal(form: forms.BaseForm) -> str:
    """A bound, invalid form's errors as one message ("Reason: …"), for the small forms
    that post from a list and come back to it with a message instead of a form page."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}：{text}" if label else text)
    return " ".join(parts)


def form_service(form: forms.BaseForm, fn, **kwargs):
    """Run one service for a page's form: its refusal becomes an error on the form (next to
    the field it names) and None is returned; NotFound is a 404 and Forbidden a 403, as the
    page would answer them itself. A service that returns nothing gives True."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from .errors import Forbidden, NotFound

    try:
        result = fn(**kwargs)
    except NotFound:
        raise Http404() from None
    except Forbidden:
        raise PermissionDenied() from None
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    return True if result is None else result
