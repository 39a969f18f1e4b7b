"""Staff pages: routes and checkpoints (with the printable QR sheet), required coverage,
the security pool, monthly plans with their uncovered slots, swap approvals and incidents.
Lists and forms are the page kit's."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import Forbidden
from shequ.core.kit import Column, FormPage, ListPage, act, confirm_first
from shequ.organizations import selectors as org_selectors
from shequ.territory import selectors as territory_selectors
from shequ.territory.models import AreaKind
from shequ.volunteers import selectors as volunteer_selectors

from .. import selectors, services
from ..forms import (
    AvailabilityForm,
    CheckpointForm,
    CoverageForm,
    MemberForm,
    PlanForm,
    RouteForm,
    weekday_boxes,
)
from ..policies import Action, incident_policy, plan_policy, route_policy, swap_policy


def _manage(user, policy, obj) -> None:
    if not policy.can(user, Action.MANAGE_PATROLS, obj):
        raise Forbidden()


def _staff_actions(user):
    if route_policy.holds(user, Action.MANAGE_PATROLS):
        yield _("New route"), reverse("patrols:route-new")
    yield _("Coverage"), reverse("patrols:coverage-list")
    yield _("Security pool"), reverse("patrols:member-list")
    yield _("Shift plans"), reverse("patrols:plan-list")
    yield _("Swap requests"), reverse("patrols:swap-list")
    yield _("Incidents"), reverse("patrols:incident-list")
    yield _("平安楼栋"), reverse("patrols:rating-list")


# -- routes and checkpoints --------------------------------------------------------------------
class RouteList(ListPage):
    title, action = gettext_lazy("Patrol routes"), Action.VIEW_PATROLS
    columns = [
        Column(gettext_lazy("Route"), "name",
               link=lambda r: reverse("patrols:route-detail", args=[r.pk])),
        Column(gettext_lazy("Grid"), "grid.name"),
        Column(gettext_lazy("Checkpoints"), "checkpoint_count"),
        Column(gettext_lazy("Active"), "is_active"),
    ]
    row_key, empty_text = "route", gettext_lazy("No patrol routes yet.")

    def rows(self, filters):
        return selectors.route_list(actor=self.request.user)

    def actions(self):
        return _staff_actions(self.request.user)


class RouteNew(FormPage):
    form_class, title = RouteForm, gettext_lazy("New patrol route")
    action = Action.MANAGE_PATROLS
    success_message = gettext_lazy("The route is created. Add its checkpoints in order.")

    def form_kwargs(self, obj):
        return {"grids": selectors.areas_for(self.request.user, self.action, AreaKind.GRID)}

    def save(self, obj, data):
        return services.route_create(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("patrols:route-detail", args=[row.pk])

    def back_url(self, obj):
        return reverse("patrols:route-list")


def _checkpoint_form(user, route, data=None):
    return CheckpointForm(
        data, buildings=territory_selectors.building_list(actor=user, grid=route.grid),
        compounds=territory_selectors.compound_list(
            actor=user, community=territory_selectors.community_of(route.path)))


@login_required
def route_detail(request, route_id):
    user = request.user
    route = selectors.route_get_for_actor(user, route_id)
    manage = route_policy.can(user, Action.MANAGE_PATROLS, route)
    form = _checkpoint_form(user, route) if manage else None
    if request.method == "POST":
        _manage(user, route_policy, route)
        form = _checkpoint_form(user, route, request.POST)
        if form.is_valid():
            return act(request, services.checkpoint_add, _("Checkpoint added."),
                       request.path, route=route, **form.cleaned_data)
    return render(request, "patrols/route_detail.html", {
        "route": route, "points": selectors.route_checkpoints(route), "form": form,
        "manage": manage}, status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def checkpoint_remove(request, route_id, checkpoint_id):
    route = selectors.route_get_for_actor(request.user, route_id)
    point = selectors.route_checkpoint(route, checkpoint_id)
    back = reverse("patrols:route-detail", args=[route.pk])
    asking = confirm_first(request, title=route.name, back=back,
                           question=_("Take %(label)s off the route?") % {"label": point.label})
    return asking or act(request, services.checkpoint_remove, _("Checkpoint removed."), back,
                         checkpoint=point)


@login_required
@require_POST
def checkpoint_move(request, route_id, checkpoint_id):
    """The up/down buttons: move one checkpoint to the posted position."""
    route = selectors.route_get_for_actor(request.user, route_id)
    return act(request, services.checkpoint_move, _("Checkpoint moved."),
               reverse("patrols:route-detail", args=[route.pk]),
               checkpoint=selectors.route_checkpoint(route, checkpoint_id),
               position=request.POST.get("position"))


@login_required
@require_GET
def qr_sheet(request, route_id):
    """One printable page: each checkpoint's QR code (the check-in URL), label and order."""
    route = selectors.route_get_for_actor(request.user, route_id)
    _manage(request.user, route_policy, route)
    cards = [(p, segno.make(request.build_absolute_uri(
        reverse("patrols:check-in", args=[p.token])), error="m").svg_data_uri(scale=5,
                                                                              border=2))
        for p in selectors.route_checkpoints(route)]
    return render(request, "patrols/qr_sheet.html", {"route": route, "cards": cards})


# -- coverage ----------------------------------------------------------------------------------
class CoverageList(ListPage):
    title, action = gettext_lazy("Required coverage"), Action.VIEW_PATROLS
    columns = [
        Column(gettext_lazy("Grid"), "grid.name"),
        Column(gettext_lazy("Band"), lambda c: str(c)),
        Column(gettext_lazy("Weekdays"), lambda c: len(weekday_boxes(c.weekdays))),
        Column(gettext_lazy("People on patrol"), "guards"),
    ]
    row_key, empty_text = "coverage", gettext_lazy("No coverage is required yet.")
    template_name = "patrols/coverage_list.html"

    def rows(self, filters):
        return selectors.coverage_list(actor=self.request.user)

    def actions(self):
        if route_policy.holds(self.request.user, Action.MANAGE_PATROLS):
            yield _("Require a band"), reverse("patrols:coverage-new")
        yield _("Patrol routes"), reverse("patrols:route-list")


class CoverageNew(FormPage):
    form_class, title = CoverageForm, gettext_lazy("Require a patrol band")
    action = Action.MANAGE_PATROLS

    def form_kwargs(self, obj):
        return {"grids": selectors.areas_for(self.request.user, self.action, AreaKind.GRID)}

    def save(self, obj, data):
        return services.coverage_add(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("patrols:coverage-list")

    back_url = success_url


@login_required
@require_POST
def coverage_remove(request, coverage_id):
    row = selectors.coverage_get_for_actor(request.user, coverage_id)
    return act(request, services.coverage_remove, _("The band is no longer required."),
               reverse("patrols:coverage-list"), coverage=row)


# -- the security pool -------------------------------------------------------------------------
class MemberList(ListPage):
    title, action = gettext_lazy("Security pool"), Action.VIEW_PATROLS
    columns = [
        Column(gettext_lazy("Name"), "name",
               link=lambda m: reverse("patrols:member-edit", args=[m.pk])),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(pgettext_lazy("shift", "Available"),
               lambda m: f"{m.available_from:%H:%M}–{m.available_until:%H:%M} · "
                         f"{len(weekday_boxes(m.weekdays))}/7"),
        Column(gettext_lazy("Active"), "is_active"),
    ]
    row_key, empty_text = "member", gettext_lazy("Nobody is in the pool yet.")
    download_name, download_action = "patrol-pool", Action.VIEW_PATROLS

    def rows(self, filters):
        return selectors.member_list(actor=self.request.user)

    def actions(self):
        if route_policy.holds(self.request.user, Action.MANAGE_PATROLS):
            yield _("Add to the pool"), reverse("patrols:member-new")


class MemberNew(FormPage):
    form_class, title = MemberForm, gettext_lazy("Add to the security pool")
    action = Action.MANAGE_PATROLS

    def form_kwargs(self, obj):
        user = self.request.user
        return {"communities": selectors.areas_for(user, self.action, AreaKind.COMMUNITY),
                "volunteers": volunteer_selectors.volunteer_list(actor=user)
                .select_related("resident"),
                "units": org_selectors.unit_list(actor=user)}

    def save(self, obj, data):
        return services.member_add(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("patrols:member-list")

    back_url = success_url


class MemberEdit(FormPage):
    form_class, action = AvailabilityForm, Action.MANAGE_PATROLS

    def get_object(self):
        return selectors.member_get_for_actor(self.request.user, self.kwargs["member_id"])

    def initial(self, m):
        return {"weekdays": weekday_boxes(m.weekdays), "available_from": m.available_from,
                "available_until": m.available_until, "is_active": m.is_active}

    def save(self, member, data):
        return services.member_update(actor=self.request.user, member=member, **data)

    def success_url(self, row):
        return reverse("patrols:member-list")

    back_url = success_url

    def page_title(self, member):
        return member.name


# -- plans -------------------------------------------------------------------------------------
class PlanList(ListPage):
    title, action = gettext_lazy("Shift plans"), Action.VIEW_PATROLS
    columns = [
        Column(gettext_lazy("Plan"), lambda p: str(p),
               link=lambda p: reverse("patrols:plan-detail", args=[p.pk])),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("Slots required"), "slots"),
        Column(gettext_lazy("Covered"), "covered"),
    ]
    row_key, empty_text = "plan", gettext_lazy("No shift plans yet.")

    def rows(self, filters):
        return selectors.plan_list(actor=self.request.user)

    def actions(self):
        if plan_policy.holds(self.request.user, Action.MANAGE_PATROLS):
            yield _("Plan a month"), reverse("patrols:plan-new")


class PlanNew(FormPage):
    form_class, title = PlanForm, gettext_lazy("Plan a month's shifts")
    action = Action.MANAGE_PATROLS
    success_message = gettext_lazy("The draft plan is ready: check the uncovered slots "
                                   "before publishing.")

    def form_kwargs(self, obj):
        user = self.request.user
        return {"areas": selectors.areas_for(user, self.action, AreaKind.COMMUNITY)
                | selectors.areas_for(user, self.action, AreaKind.GRID)}

    def save(self, obj, data):
        return services.plan_generate(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("patrols:plan-detail", args=[row.pk])

    def back_url(self, obj):
        return reverse("patrols:plan-list")


@login_required
def plan_detail(request, plan_id):
    user = request.user
    plan = selectors.plan_get_for_actor(user, plan_id)
    if request.method == "POST":
        _manage(user, plan_policy, plan)
        uncovered = selectors.plan_uncovered(plan)
        asking = confirm_first(
            request, title=str(plan), back=request.path,
            question=_("Publish the plan? %(n)d slots stay uncovered.")
            % {"n": sum(u["missing"] for u in uncovered)})
        return asking or act(request, services.plan_publish, _("The plan is published."),
                             request.path, plan=plan)
    uncovered = selectors.plan_uncovered(plan)
    by_grid: dict[str, list] = {}
    for u in uncovered:
        by_grid.setdefault(u["grid"], []).append(u)
    return render(request, "patrols/plan_detail.html", {
        "plan": plan, "uncovered": by_grid, "missing": sum(u["missing"] for u in uncovered),
        "manage": plan_policy.can(user, Action.MANAGE_PATROLS, plan),
        "shifts": selectors.shift_list(actor=user, plan=plan)[:200]})


# -- swaps and incidents -----------------------------------------------------------------------
@login_required
def swap_list(request):
    user = request.user
    if not swap_policy.holds(user, Action.VIEW_PATROLS):
        raise Forbidden()
    if request.method == "POST":
        swap = selectors.swap_get_for_actor(user, request.POST.get("swap"))
        approve = request.POST.get("decision") == "approve"
        return act(request, services.swap_decide,
                   _("Swap approved.") if approve else _("Swap declined."),
                   request.path, swap=swap, approve=approve)
    return render(request, "patrols/swap_list.html", {
        "swaps": selectors.swap_list(actor=user)[:200],
        "manage": swap_policy.holds(user, Action.MANAGE_PATROLS)})


class IncidentList(ListPage):
    title, action = gettext_lazy("Patrol incidents"), Action.VIEW_PATROLS
    columns = [
        Column(gettext_lazy("Time"), "at",
               link=lambda i: reverse("patrols:incident-detail", args=[i.pk])),
        Column(gettext_lazy("Category"), "get_category_display"),
        Column(gettext_lazy("Grid"), "grid.name"),
        Column(gettext_lazy("Building"), "building"),
        Column(gettext_lazy("Filed as case"), lambda i: i.case_id is not None),
    ]
    row_key, empty_text = "incident", gettext_lazy("No incidents recorded.")
    download_name, download_action = "patrol-incidents", Action.VIEW_PATROLS

    def rows(self, filters):
        return selectors.incident_list(actor=self.request.user)

    def actions(self):
        if incident_policy.holds(self.request.user, Action.REPORT_INCIDENTS):
            yield _("Record an incident"), reverse("patrols:incident-new")


@login_required
def incident_detail(request, incident_id):
    user = request.user
    incident = selectors.incident_get_for_actor(user, incident_id)
    if request.method == "POST":
        return act(request, services.incident_file_case,
                   _("Filed in the stability ledger."), request.path, incident=incident)
    return render(request, "patrols/incident_detail.html", {
        "incident": incident,
        "may_file": incident.case_id is None and incident_policy.can(
            user, Action.REPORT_INCIDENTS, incident)})
