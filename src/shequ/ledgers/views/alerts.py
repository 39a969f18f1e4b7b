"""Early-warning pages: the list (newest first, filters by state, level and rule), a
warning with its evidence, and acknowledging / closing it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, ListPage, act

from .. import selectors, services
from ..forms import WarningFilterForm
from ..policies import Action, warning_policy


def _warning(request, warning_id):
    return selectors.warning_get_for_actor(request.user, warning_id)


class WarningList(ListPage):
    title, action, row_key = gettext_lazy("Early warnings"), Action.VIEW_CASES, "warning"
    filter_form, empty_text = WarningFilterForm, gettext_lazy("No warnings.")
    template_name = "ledgers/warning_list.html"
    columns = [
        Column(gettext_lazy("Level"), "get_level_display", template="ledgers/_level.html"),
        Column(gettext_lazy("Title"), "title",
               link=lambda w: reverse("ledgers:warning-detail", args=[w.pk])),
        Column(gettext_lazy("Status"), "get_state_display"),
        Column(gettext_lazy("Rule"), "get_kind_display"),
        Column(gettext_lazy("Raised"),
               lambda w: f"{timezone.localtime(w.created_at):%Y-%m-%d %H:%M}"),
        Column(gettext_lazy("Must act"), lambda w: w.assignee or _("community staff")),
    ]

    def rows(self, d):
        f = selectors.WarningFilters(state=d.get("state") or "active",
                                     level=d.get("level", ""), kind=d.get("kind", ""))
        return selectors.warning_list(actor=self.request.user, filters=f)


@login_required
@require_GET
def warning_detail(request, warning_id):
    w = _warning(request, warning_id)
    cases = selectors.case_list(actor=request.user).filter(warnings=w)[:100]
    return render(request, "ledgers/warning_detail.html", {
        "warning": w, "cases": cases,
        "can_act": warning_policy.can(request.user, Action.HANDLE_CASES, w) and w.state != "closed"})


def _step(*, actor, warning, step, note):
    if step == "acknowledge":
        services.warning_acknowledge(actor=actor, warning=warning)
    elif step == "close":
        services.warning_close(actor=actor, warning=warning, note=note)
    else:
        raise NotFound()


@login_required
@require_POST
def warning_act(request, warning_id, step):
    w = _warning(request, warning_id)
    return act(request, _step, _("Saved."), reverse("ledgers:warning-detail", args=[w.pk]),
               warning=w, step=step, note=request.POST.get("note", ""))
