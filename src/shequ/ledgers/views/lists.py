"""The case list: filters, keyset pages ("load more"), its count in a request of its own,
CSV/Excel downloads, and "my cases" for grid workers (phone layout)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shequ.core import downloads, keyset
from shequ.core.errors import DomainError

from .. import selectors
from ..forms import CaseFilterForm
from ..models import OPEN_STATES
from ..policies import Action, case_policy
from .cases import _need

PAGE = 30


def _listed(request):
    """The filter form and the cases it selects: one reading of the list's query string
    for the page, its count and its downloads."""
    _need(request.user, Action.VIEW_CASES)
    form = CaseFilterForm(request.GET or None, categories=selectors.category_list(),
                          areas=selectors.area_choices_for_filter(request.user))
    filters = selectors.CaseFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        state = d["state"]
        area = (selectors.areas_for_filter(request.user).filter(pk=d["area"]).first()
                if d["area"] else None)
        filters = selectors.CaseFilters(
            ledger=d["ledger"], category=d["category"], area=area,
            states=list(OPEN_STATES) if state == "open" else ([state] if state else []),
            overdue=d["overdue"], date_from=d["date_from"], date_to=d["date_to"])
    return form, selectors.case_list(actor=request.user, filters=filters)


def _query(request, **changes) -> str:
    query = request.GET.copy()
    for key in ("cursor", "format"):
        query.pop(key, None)
    query.update({k: v for k, v in changes.items() if v})
    return query.urlencode()


@login_required
@require_GET
def case_list(request):
    """The first page (or, for "load more", the next rows). When there is more than one
    page the count comes in a request of its own (htmx), so counting a district-wide
    filter never holds up the list."""
    form, qs = _listed(request)
    fmt = request.GET.get("format")
    if fmt in downloads.FORMATS:
        return _download(request, qs, fmt)
    try:
        cases, next_cursor = keyset.keyset_page(_newest_first(qs), limit=PAGE,
                                                cursor=request.GET.get("cursor"))
    except DomainError:
        cases, next_cursor = keyset.keyset_page(_newest_first(qs), limit=PAGE, cursor=None)
    context = {"form": form, "cases": cases,
               "next_query": _query(request, cursor=next_cursor) if next_cursor else "",
               "query": _query(request), "can_take_in": case_policy.holds(request.user, Action.HANDLE_CASES)}
    if request.headers.get("HX-Request") and request.GET.get("cursor"):
        return render(request, "ledgers/_case_rows.html", context)
    if next_cursor is None and not request.GET.get("cursor"):
        context["count"], context["count_capped"] = len(cases), False
    return render(request, "ledgers/case_list.html", context)


def _newest_first(qs):
    return qs.order_by("-created_at", "-id")


def _download(request, qs, fmt):
    """The filtered list as one file, up to the count cap (a file of a whole district's
    year is not a list any more: narrow it). Personal data masked like anything shown
    outside the case page: no reporter, phone and ID numbers masked in titles and
    addresses."""
    _count, capped = keyset.capped_count(qs)
    if capped:
        messages.error(request, _("More than %(n)s cases match: narrow the filters (a date "
                                  "range, an area) to download them.")
                       % {"n": f"{keyset.COUNT_CAP:,}"})
        return redirect(f"{reverse('ledgers:case-list')}?{_query(request)}")
    mask = selectors.public_text

    def row(c):
        return [c.pk, c.get_ledger_display(), c.category.name, mask(c.title),
                c.get_state_display(), c.get_source_display(),
                c.grid.name if c.grid_id else "", mask(c.address), _local(c.created_at),
                _local(c.due_at), _("yes") if c.is_overdue else "", str(c.assigned_to or "")]

    return downloads.table(
        actor=request.user, name="cases", fmt=fmt,
        header=[_("Number"), _("Ledger"), _("Category"), _("Title"), _("Status"), _("Source"),
                _("Grid"), _("Address"), _("Received"), _("Due"), _("Overdue"),
                _("Assigned to")],
        rows=(row(c) for c in qs.iterator(chunk_size=500)))


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@login_required
@require_GET
def case_count(request):
    """How many cases the list's filters select (capped), as a fragment of the list."""
    _form, qs = _listed(request)
    count, capped = keyset.capped_count(qs)
    return render(request, "ledgers/_case_count.html", {"count": count, "count_capped": capped})


@login_required
@require_GET
def my_cases(request):
    _need(request.user, Action.HANDLE_CASES)
    cases = list(selectors.my_cases(actor=request.user)[:200])
    return render(request, "ledgers/my_cases.html", {"cases": cases})
