"""The case list on the page kit: filters, keyset pages, its count in a request of its own,
CSV/Excel downloads (personal data masked); "my cases" for grid workers (phone layout)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from shequ.core import keyset
from shequ.core.kit import Column, ListPage, need

from .. import selectors
from ..forms import CaseFilterForm
from ..models import OPEN_STATES
from ..policies import Action, case_policy


def _filter_form(request):
    return CaseFilterForm(request.GET or None, categories=selectors.category_list(),
                          areas=selectors.area_choices_for_filter(request.user))


def _cases(user, d: dict):
    """The cases the list's filters select: one reading of the query string for the
    page, its count and its downloads."""
    filters = selectors.CaseFilters()
    if d:
        state = d["state"]
        area = (selectors.areas_for_filter(user).filter(pk=d["area"]).first()
                if d["area"] is not None else None)
        if d["area"] is not None and area is None:  # not an area of theirs: nothing
            return selectors.case_list(actor=user, filters=filters).none()
        filters = selectors.CaseFilters(
            ledger=d["ledger"], category=d["category"], area=area,
            states=list(OPEN_STATES) if state == "open" else ([state] if state else []),
            overdue=d["overdue"], date_from=d["date_from"], date_to=d["date_to"])
    return selectors.case_list(actor=user, filters=filters).order_by("-created_at", "-id")


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _detail(case) -> str:
    return reverse("ledgers:case-detail", args=[case.pk])


_mask = selectors.public_text  # phones and ID numbers typed into free text, masked
_STATE = "ledgers/_case_state.html"  # the status with an "overdue" tag


class CaseList(ListPage):
    """Newest first. When there is more than one page the count comes in a request of its
    own (htmx), so counting a district-wide filter never holds up the list. Downloads hold
    no reporter, and phone and ID numbers typed into titles and addresses are masked."""

    title, action, row_key = gettext_lazy("Cases"), Action.VIEW_CASES, "case"
    download_name, empty_text = "cases", gettext_lazy("No cases match.")
    template_name = "ledgers/case_list.html"
    columns = [
        Column(gettext_lazy("Number"), "pk", page=False),
        Column(gettext_lazy("Case"), lambda c: f"#{c.pk} {c.title}", link=_detail,
               download=False),
        Column(gettext_lazy("Ledger"), "get_ledger_display"),
        Column(gettext_lazy("Category"), "category.name"),
        Column(gettext_lazy("Title"), lambda c: _mask(c.title), page=False),
        Column(gettext_lazy("Status"), "get_state_display", template=_STATE),
        Column(gettext_lazy("Source"), "get_source_display", page=False),
        Column(gettext_lazy("Grid"), lambda c: c.grid.name if c.grid_id else "",
               page=False),
        Column(gettext_lazy("Grid"), lambda c: c.grid.name if c.grid_id
               else _("Not routed yet"), download=False),
        Column(gettext_lazy("Address"), lambda c: _mask(c.address), page=False),
        Column(gettext_lazy("Address"), "address", download=False),
        Column(gettext_lazy("Received"), lambda c: _local(c.created_at)),
        Column(gettext_lazy("Due"), lambda c: _local(c.due_at)),
        Column(gettext_lazy("Overdue"), "is_overdue", page=False),
        Column(gettext_lazy("Assigned to"), lambda c: str(c.assigned_to or "")),
    ]

    def get_filter_form(self):
        return _filter_form(self.request)

    def rows(self, d):
        return _cases(self.request.user, d)

    def actions(self):
        if case_policy.holds(self.request.user, Action.HANDLE_CASES):
            yield _("Take in a case"), reverse("ledgers:case-new")
            yield _("My cases"), reverse("ledgers:my-cases")
        yield _("Early warnings"), reverse("ledgers:warning-list")

    def context(self):
        single = self.page.next_cursor is None and self.page.previous_cursor is None
        return {"cases": self.page.rows, "count_capped": False,
                "count": len(self.page.rows) if single else None}

    def download(self, qs, fmt):
        """The filtered list as one file, up to the count cap (a file of a whole district's
        year is not a list any more: narrow it)."""
        _count, capped = keyset.capped_count(qs)
        if not capped:
            return super().download(qs, fmt)
        messages.error(self.request, _(
            "More than %(n)s cases match: narrow the filters (a date range, an area) to "
            "download them.") % {"n": f"{keyset.COUNT_CAP:,}"})
        query = self.request.GET.copy()
        query.pop("format", None)
        return redirect(f"{reverse('ledgers:case-list')}?{query.urlencode()}")


@login_required
@require_GET
def case_count(request):
    """How many cases the list's filters select (capped), as a fragment of the list."""
    need(request.user, Action.VIEW_CASES)
    form = _filter_form(request)
    qs = _cases(request.user, form.cleaned_data if form.is_bound and form.is_valid() else {})
    count, capped = keyset.capped_count(qs)
    return render(request, "ledgers/_case_count.html", {"count": count, "count_capped": capped})


class MyCases(ListPage):
    """A grid worker's open cases, the most urgent first (phone layout)."""

    title, action, row_key = gettext_lazy("My cases"), Action.HANDLE_CASES, "case"
    empty_text = gettext_lazy("Nothing waiting for you.")
    template_name = "ledgers/my_cases.html"
    columns = [
        Column(gettext_lazy("Title"), "title", link=_detail),
        Column(gettext_lazy("Status"), "get_state_display", template=_STATE),
        Column(gettext_lazy("Category"), "category.name"),
        Column(gettext_lazy("Building"),
               lambda c: c.building or (c.grid.name if c.grid_id else "")),
        Column(gettext_lazy("Due"), lambda c: _local(c.due_at)),
    ]

    def rows(self, filters):
        return selectors.my_cases(actor=self.request.user)

    def actions(self):
        yield _("Record a visit"), reverse("ledgers:case-new")
