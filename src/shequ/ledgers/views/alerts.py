"""Early-warning pages: the list (most recent first, filters by state, level and rule), a
warning with its evidence, and acknowledging / closing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import DomainError, NotFound

from .. import selectors, services
from ..models import WarningKind, WarningLevel
from ..policies import Action, warning_policy


def _warning(request, warning_id):
    return selectors.warning_get_for_actor(request.user, warning_id)


@login_required
@require_GET
def warning_list(request):
    if not warning_policy.holds(request.user, Action.VIEW_CASES):
        raise Http404()
    f = selectors.WarningFilters(state=request.GET.get("state", "active"),
                                 level=request.GET.get("level", ""),
                                 kind=request.GET.get("kind", ""))
    items = list(selectors.warning_list(actor=request.user, filters=f)[:200])
    return render(request, "ledgers/warning_list.html", {
        "warnings": items, "filters": f, "levels": WarningLevel.choices,
        "kinds": WarningKind.choices,
        "states": [("active", _("Not closed")), ("open", _("Open")),
                   ("acknowledged", _("Acknowledged")), ("closed", _("Closed")),
                   ("all", _("All"))]})


@login_required
@require_GET
def warning_detail(request, warning_id):
    w = _warning(request, warning_id)
    cases = selectors.case_list(actor=request.user).filter(warnings=w)[:100]
    return render(request, "ledgers/warning_detail.html", {
        "warning": w, "cases": cases,
        "can_act": warning_policy.can(request.user, Action.HANDLE_CASES, w) and w.state != "closed"})


@login_required
@require_POST
def warning_act(request, warning_id, step):
    w = _warning(request, warning_id)
    try:
        if step == "acknowledge":
            services.warning_acknowledge(actor=request.user, warning=w)
        elif step == "close":
            services.warning_close(actor=request.user, warning=w,
                                   note=request.POST.get("note", ""))
        else:
            raise Http404()
        messages.success(request, _("Saved."))
    except NotFound:
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("ledgers:warning-detail", warning_id=w.pk)
