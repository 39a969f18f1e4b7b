"""The public page (公开) of a community's decided matters: no login, only what each matter
discloses, keyset pages."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from shequ.core.errors import DomainError
from shequ.core.keyset import neighbour_queries

from .. import selectors

PAGE = 20


@require_GET
def public_matters(request, code):
    community = selectors.public_community(code)
    after = request.GET.get("cursor") or None
    before = None if after else (request.GET.get("before") or None)
    try:
        page, rows = selectors.public_matters(community=community, after=after, before=before,
                                              limit=PAGE)
    except DomainError:  # a cursor that is not ours: the first page
        page, rows = selectors.public_matters(community=community, limit=PAGE)
    following, previous = neighbour_queries(request, page)
    return render(request, "deliberation/public.html", {
        "community": community, "rows": rows, "next": following, "previous": previous})
