"""The set-up checklist page and the filtered lists its counts link to."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shequ.core.errors import NotFound

from . import selectors

PAGE = 50


def _area(request, area_id=None):
    try:
        return selectors.checklist_area_for_actor(request.user, area_id)
    except NotFound:
        raise Http404() from None


@login_required
@require_GET
def checklist(request, area_id=None):
    area = _area(request, request.GET.get("area") or area_id)
    items = selectors.setup_checklist(request.user, area)
    return render(request, "coverage/checklist.html", {
        "area": area, "items": items, "choices": selectors.checklist_area_choices(request.user),
        "done": all(i["count"] == 0 for i in items),
    })


@login_required
@require_GET
def records(request, area_id, key):
    area = _area(request, area_id)
    try:
        check, qs = selectors.check_records(request.user, area, key)
    except NotFound:
        raise Http404() from None
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    rows = [check.row(r) for r in page.object_list]
    return render(request, "coverage/records.html", {
        "area": area, "check": check, "page": page, "rows": rows, "query": "",
    })
