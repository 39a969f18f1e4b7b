from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.territory.selectors import communities_for

PAGE = 30


def page_of(request, qs, size: int = PAGE) -> dict:
    """One numbered page of ``qs`` and the query string of the other pages."""
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return {"page": page, "rows": page.object_list, "query": query.urlencode()}


def save(form, fn, *, actor, **kwargs):
    """Run one service for a valid form; a refusal becomes a form error (None returned),
    out of scope a 404, seeing without the right to act a 403."""
    try:
        return fn(actor=actor, **kwargs)
    except NotFound:
        raise Http404() from None
    except Forbidden:
        raise PermissionDenied() from None
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def found(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except NotFound:
        raise Http404() from None


def act(request, fn, success: str, back: str, **kwargs):
    """Run one service; show its refusal or ``success``; go back."""
    try:
        fn(actor=request.user, **kwargs)
    except NotFound:
        raise Http404() from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if success:
            messages.success(request, success)
    return redirect(back)


def communities(user, action):
    return communities_for(user, action)


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url``."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup
