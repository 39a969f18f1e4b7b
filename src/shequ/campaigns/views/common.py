from __future__ import annotations

import io

import segno
from django.core.paginator import Paginator
from django.utils.safestring import mark_safe

from shequ.territory.selectors import communities_for

PAGE = 30


def page_of(request, qs, size: int = PAGE) -> dict:
    """One numbered page of ``qs`` and the query string of the other pages."""
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return {"page": page, "rows": page.object_list, "query": query.urlencode()}


def communities(user, action):
    return communities_for(user, action)


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url``."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup
