"""The shell's pages: sign-in and sign-out, the home page (each role's work first, then the
user's scope and its key numbers), and the audit log (auditor only)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shequ.accounts.middleware import SESSION_STARTED
from shequ.accounts.roles import SELF_ROLES, Action
from shequ.core import auditlabels
from shequ.core import home as home_panels
from shequ.core.params import id_param
from shequ.dashboard.policies import Action as DashboardAction
from shequ.dashboard.policies import dashboard_policy
from shequ.registry.policies import party_member_policy, resident_policy
from shequ.registry.selectors import area_breakdown, scope_counts

from .forms import AuditFilterForm, LoginForm
from .selectors import audit_event_list, grants_of

AUDIT_PAGE = 50


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Said on the page whenever the second factor is off (the demo, development).
        return {**super().get_context_data(**kwargs), "otp_off": not settings.OTP_REQUIRED}

    def form_valid(self, form):
        response = super().form_valid(form)
        # The absolute session lifetime counts from here (accounts.middleware).
        self.request.session[SESSION_STARTED] = int(time.time())
        return response


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


@login_required
@require_GET
def home(request):
    """What the user has to do first (the panels the apps register), then, for the roles
    that hold a territory, their responsibilities and its counts. Residents and party
    members hold only their own records: no scope to count."""
    user = request.user
    grants = [g for g in grants_of(user) if g.role not in SELF_ROLES]
    shows = {
        "people": bool(resident_policy.places(user)),
        "party": bool(party_member_policy.places(user)),
        "territory": user.can(Action.VIEW_TERRITORY),
    }
    counts = scope_counts(user) if any(shows.values()) else {}
    breakdown = area_breakdown(user) if shows["people"] else []
    return render(
        request,
        "web/home.html",
        {
            "panels": home_panels.panels_for(user),
            "grants": grants,
            "counts": counts,
            "shows": shows,
            "breakdown": breakdown,
            "breakdown_chart": _breakdown_chart(breakdown, party=shows["party"]),
            "can_audit": user.can(Action.VIEW_AUDIT),
            # The figures live on the dashboard: the home page links to it, not copies it.
            "can_dashboard": dashboard_policy.holds(user, DashboardAction.VIEW_DASHBOARD),
        },
    )


def _breakdown_chart(rows: list[dict], *, party: bool) -> dict | None:
    """The home page's bar chart (ECharts option data) of the per-sub-area table."""
    if not rows:
        return None
    series = [{"name": str(_("Residents")), "key": "residents"},
              {"name": str(_("Households")), "key": "households"}]
    if party:
        series.append({"name": str(_("Party members")), "key": "party_members"})
    return {
        "categories": [r["area"].name for r in rows],
        "series": [{"name": s["name"], "data": [r[s["key"]] for r in rows]} for s in series],
    }



@login_required
@require_GET
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else None
    events = audit_event_list(request.user, filters)
    before = id_param(request.GET.get("before"))
    if before is not None:
        events = events.filter(id__lt=before)
    page = list(events[: AUDIT_PAGE + 1])
    has_more = len(page) > AUDIT_PAGE
    page = page[:AUDIT_PAGE]
    for event in page:
        event.action_label = auditlabels.action_label(event.action)
        event.entity_label = auditlabels.entity_label(event.entity)
        event.changes = auditlabels.changes(event.entity, event.before, event.after)
    query = request.GET.copy()
    query.pop("before", None)
    first_query = query.urlencode()
    if has_more:
        query["before"] = page[-1].pk
    return render(
        request,
        "web/audit_log.html",
        {
            "form": form,
            "events": page,
            "next_query": query.urlencode() if has_more else "",
            "first_page": before is None,
            "first_query": first_query,
            "action_choices": auditlabels.action_choices(),
            "entity_choices": auditlabels.entity_choices(),
        },
    )
