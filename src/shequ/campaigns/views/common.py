from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from shequ.core.errors import DomainError, NotFound


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
    from ..selectors import communities_for
    return communities_for(user, action)


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url``."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup
