"""Small helpers shared by the volunteers pages."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from shequ.core.errors import DomainError, Forbidden, NotFound

PAGE = 30


def need(user, action: str) -> None:
    if not user.can(action):
        raise Http404()


def found(fn, *args, **kwargs):
    """Call a ``*_get_for_actor`` selector; missing or out of scope is a plain 404."""
    return fn(*args, **kwargs)


def page_of(request, qs, size: int = PAGE) -> dict:
    """One numbered page of ``qs`` for a staff list (``?page=``; a wrong number shows the
    nearest page) and the query string of the other pages, filters kept."""
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return {"page": page, "rows": page.object_list, "query": query.urlencode()}


def save(form, fn, *, actor, **kwargs):
    """Run a service for a valid form; its refusal becomes an error on the named field (or
    the whole form) and None is returned. Out of scope is a 404, a role that may see but
    not act a 403."""
    try:
        return fn(actor=actor, **kwargs)
    except (NotFound, Forbidden):
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def act(request, fn, success: str, back: str, **kwargs):
    """Run a service, show its refusal or ``success`` as a message, and go ``back``."""
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
