"""Small helpers shared by the volunteers pages (people, teams, needs, records, points):
running a selector or service for a view, the numbered pager, form errors as messages,
the QR code, and the form fields several sub-domains use."""

from __future__ import annotations

import io

import segno
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from shequ.core.errors import DomainError, NotFound
from shequ.core.kit import need
from shequ.core.kit import save_form as save

# the kit's helpers, under the names the volunteers views use: ``need`` (a role without the
# action gets a 404), ``save`` (a service's refusal becomes a form error)
__all__ = ["DATE", "PAGE", "YES_NO", "AreaChoiceField", "act", "form_messages", "found",
           "need", "page_of", "qr_svg", "save", "yes_no"]

PAGE = 30


def found(fn, *args, **kwargs):
    """Call a ``*_get_for_actor`` selector (or a service); missing or out of scope raises
    NotFound, which core.middleware.DomainErrorMiddleware answers with a plain 404."""
    return fn(*args, **kwargs)


def page_of(request, qs, size: int = PAGE) -> dict:
    """One numbered page of ``qs`` for a staff list (``?page=``; a wrong number shows the
    nearest page) and the query string of the other pages, filters kept."""
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return {"page": page, "rows": page.object_list, "query": query.urlencode()}


def act(request, fn, success: str, back: str, **kwargs):
    """Run a service, show its refusal or ``success`` as a message, and go ``back``; returns
    (the redirect, the service's result or None) — core.kit.act plus the result."""
    try:
        result = fn(actor=request.user, **kwargs)
    except NotFound:
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back), None
    if success:
        messages.success(request, success)
    return redirect(back), result


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (segno, no network)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False,
                                     svgns=True)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup


def form_messages(request, form) -> None:
    """A one-line form posted from a list: its errors go to the page's messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


DATE = {"type": "date"}


def yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class AreaChoiceField(forms.ModelChoiceField):
    """A community or grid of the actor's scope, grids indented under their community."""

    def label_from_instance(self, obj):
        return f"— {obj.name}" if obj.kind == "grid" else obj.name
