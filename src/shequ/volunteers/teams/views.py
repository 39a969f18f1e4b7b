"""Staff pages of 社团联育: teams and social organisations (register them for incubation,
give them members and a leader, register or dissolve them, see their activity) and the
service projects that group recurring needs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.freetext import form_refusal
from shequ.territory.selectors import communities_for

from .. import places
from ..pages import act, found, need, page_of, save, yes_no
from ..people import selectors as people_selectors
from ..policies import Action, need_policy, organisation_policy, project_policy
from . import selectors, services
from .forms import (
    OrganisationForm,
    OrgFilterForm,
    ProjectFilterForm,
    ProjectForm,
    ReasonForm,
    RegisterOrgForm,
)


def _hours(minutes) -> float:
    return round((minutes or 0) / 60, 1)


# -- teams ---------------------------------------------------------------------------------
@login_required
@require_GET
def team_list(request):
    user = request.user
    need(user, Action.VIEW_VOLUNTEERS)
    form = OrgFilterForm(request.GET or None,
                         areas=places.areas_for(user, Action.VIEW_VOLUNTEERS))
    filters = selectors.OrgFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.OrgFilters(q=d["q"], kind=d["kind"], status=d["status"],
                                       area_path=d["area"].path if d["area"] else "")
    rows = selectors.organisation_list(actor=user, filters=filters)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table(
            actor=request.user, name="teams", fmt=fmt,
            header=[_("Team"), _("Type"), _("Status"), _("Community"), _("Leader"),
                    _("Member count"), _("Services this year"), _("Hours this year"),
                    _("Registered on")],
            rows=([o.name, o.get_kind_display(), o.get_status_display(), o.community.name,
                   o.leader.resident.name if o.leader_id else "", o.member_count, o.works,
                   _hours(o.minutes), str(o.registered_on or "")] for o in rows))
    return render(request, "volunteers/team_list.html", {
        "form": form, **page_of(request, rows),
        "can_manage": user.can(Action.MANAGE_VOLUNTEERS)})


@login_required
@require_http_methods(["GET", "POST"])
def team_new(request):
    user = request.user
    need(user, Action.MANAGE_VOLUNTEERS)
    form = OrganisationForm(request.POST or None,
                            communities=communities_for(user, Action.MANAGE_VOLUNTEERS,
                                                        grids_count=True))
    if request.method == "POST" and form.is_valid():
        row = save(form, services.organisation_create, actor=user, **form.cleaned_data)
        if row is not None:
            messages.success(request, _("“%(name)s” is registered for incubation. Now add its "
                                        "members and leader.") % {"name": row.name})
            return redirect("volunteers:team-detail", org_id=row.pk)
    return render(request, "volunteers/form.html", {
        "form": form, "title": _("New team or social organisation"),
        "back": reverse("volunteers:team-list")}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def team_detail(request, org_id):
    """The team's page; POST saves its name, type and description."""
    user = request.user
    need(user, Action.VIEW_VOLUNTEERS)
    org = found(selectors.organisation_get_for_actor, user, org_id)
    manage = organisation_policy.can(user, Action.MANAGE_VOLUNTEERS, org)
    form = OrganisationForm(request.POST if request.method == "POST" else None,
                            initial={"name": org.name, "kind": org.kind,
                                     "description": org.description})
    if request.method == "POST":
        if not manage:
            raise PermissionDenied()
        if form.is_valid() and save(form, services.organisation_update, actor=user,
                                    organisation=org, **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("volunteers:team-detail", org_id=org.pk)
    q = request.GET.get("q", "")[:40]
    return render(request, "volunteers/team_detail.html", {
        "org": selectors.organisation_figures(user, org), "manage": manage, "form": form,
        "members": selectors.organisation_members(org), "q": q,
        "candidates": selectors.member_candidates(actor=user, org=org, q=q) if manage else [],
        "projects": selectors.project_list(actor=user, filters=selectors.ProjectFilters(
            organisation=org.pk, active=None)),
        "register_form": RegisterOrgForm(), "dissolve_form": ReasonForm()},
        status=400 if form.errors else 200)


@login_required
@require_POST
def team_members(request, org_id):
    """Add the ticked candidates, or save who stays and who leads."""
    user = request.user
    org = found(selectors.organisation_get_for_actor, user, org_id)
    back = reverse("volunteers:team-detail", args=[org.pk])
    current = selectors.organisation_members(org)
    if request.POST.get("what") == "add":
        ids = request.POST.getlist("add")
        if not ids:
            messages.error(request, _("Tick the volunteers to add."))
            return redirect(back)
        members = current + [found(people_selectors.volunteer_get_for_actor, user, pk) for pk in ids]
        leader = org.leader
    else:
        keep = set(request.POST.getlist("keep"))
        members = [v for v in current if str(v.pk) in keep]
        chosen = request.POST.get("leader", "")
        leader = next((v for v in current if str(v.pk) == chosen), None)
        if chosen and leader is None:
            messages.error(request, _("The leader must be a member."))
            return redirect(back)
    return act(request, services.organisation_set_members, _("Members saved."), back,
               organisation=org, members=members, leader=leader)[0]


@login_required
@require_POST
def team_register(request, org_id):
    org = found(selectors.organisation_get_for_actor, request.user, org_id)
    form = RegisterOrgForm(request.POST)
    back = reverse("volunteers:team-detail", args=[org.pk])
    if not form.is_valid():
        messages.error(request, _("Enter the date of registration."))
        return redirect(back)
    return act(request, services.organisation_register, _("Registered. Incubation is done."),
               back, organisation=org, registered_on=form.cleaned_data["registered_on"])[0]


@login_required
@require_POST
def team_dissolve(request, org_id):
    org = found(selectors.organisation_get_for_actor, request.user, org_id)
    form = ReasonForm(request.POST)
    back = reverse("volunteers:team-detail", args=[org.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return act(request, services.organisation_dissolve, _("Dissolved."), back,
               organisation=org, reason=form.cleaned_data["reason"])[0]


# -- service projects ------------------------------------------------------------------------
@login_required
@require_GET
def project_list(request):
    user = request.user
    need(user, Action.VIEW_VOLUNTEERS)
    form = ProjectFilterForm(request.GET or None,
                             areas=places.areas_for(user, Action.VIEW_VOLUNTEERS))
    filters = selectors.ProjectFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.ProjectFilters(q=d["q"], active=yes_no(d["active"]),
                                           area_path=d["area"].path if d["area"] else "")
    rows = selectors.project_list(actor=user, filters=filters)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table(
            actor=request.user, name="service-projects", fmt=fmt,
            header=[_("Service project"), _("Community"), _("Run by team"), _("Skill"), _("Needs"),
                    _("Open needs"), _("Active")],
            rows=([p.name, p.community.name, p.organisation.name if p.organisation_id else "",
                   p.skill.name if p.skill_id else "", p.need_count, p.open_count,
                   _("yes") if p.is_active else _("no")] for p in rows))
    return render(request, "volunteers/project_list.html", {
        "form": form, **page_of(request, rows),
        "can_manage": user.can(Action.MANAGE_VOLUNTEERS)})


def _project_form(request, user, data=None, **kwargs):
    return ProjectForm(data, organisations=selectors.organisations_for(user),
                       skills=people_selectors.skill_list(), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    user = request.user
    need(user, Action.MANAGE_VOLUNTEERS)
    form = _project_form(request, user, request.POST or None,
                         communities=communities_for(user, Action.MANAGE_VOLUNTEERS,
                                                     grids_count=True))
    if request.method == "POST" and form.is_valid():
        row = save(form, services.project_create, actor=user, **form.cleaned_data)
        if row is not None:
            messages.success(request, _("The project is created. Post its needs from its "
                                        "page."))
            return redirect("volunteers:project-detail", project_id=row.pk)
    return render(request, "volunteers/form.html", {
        "form": form, "title": _("New service project"),
        "back": reverse("volunteers:project-list")}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def project_detail(request, project_id):
    user = request.user
    need(user, Action.VIEW_VOLUNTEERS)
    project = found(selectors.project_get_for_actor, user, project_id)
    manage = project_policy.can(user, Action.MANAGE_VOLUNTEERS, project)
    form = _project_form(request, user, request.POST if request.method == "POST" else None,
                         initial={"name": project.name, "description": project.description,
                                  "organisation": project.organisation_id,
                                  "skill": project.skill_id, "is_active": project.is_active})
    if request.method == "POST":
        if not manage:
            raise PermissionDenied()
        if form.is_valid() and save(form, services.project_update, actor=user,
                                    project=project, **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("volunteers:project-detail", project_id=project.pk)
    return render(request, "volunteers/project_detail.html", {
        "project": project, "manage": manage, "form": form,
        "needs": selectors.project_needs(project),
        "can_post": need_policy.can(user, Action.POST_NEEDS, project.path)},
        status=400 if form.errors else 200)
