"""Small helpers shared by the volunteers pages."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from shequ.core.errors import DomainError, NotFound


def need(user, action: str) -> None:
    if not user.can(action):
        raise Http404()


def found(fn, *args, **kwargs):
    """Call a ``*_get_for_actor`` selector; missing or out of scope is a plain 404."""
    try:
        return fn(*args, **kwargs)
    except NotFound:
        raise Http404() from None


def act(request, fn, success: str, back: str, **kwargs):
    """Run a service, show its refusal or ``success`` as a message, and go ``back``."""
    try:
        result = fn(actor=request.user, **kwargs)
    except NotFound:
        raise Http404() from None
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
