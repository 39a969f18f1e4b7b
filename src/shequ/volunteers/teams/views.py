"""Staff pages of 社团联育: teams and social organisations (register them for incubation,
give them members and a leader, register or dissolve them, see their activity) and the
service projects that group recurring needs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shequ.core.kit import Column, DetailPage, FormPage, ListPage, act, act_form
from shequ.territory.selectors import communities_for

from .. import places
from ..pages import yes_no
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


def _team(org) -> str:
    return reverse("volunteers:team-detail", args=[org.pk])


def _project(project) -> str:
    return reverse("volunteers:project-detail", args=[project.pk])


def _areas(view) -> dict:
    return {"areas": places.areas_for(view.request.user, Action.VIEW_VOLUNTEERS)}


def _communities(view, obj=None) -> dict:
    return {"communities": communities_for(view.request.user, Action.MANAGE_VOLUNTEERS,
                                           grids_count=True)}


# -- teams ---------------------------------------------------------------------------------
class TeamList(ListPage):
    title, action = gettext_lazy("Teams and social organisations"), Action.VIEW_VOLUNTEERS
    filter_form, row_key, download_name = OrgFilterForm, "team", "teams"
    empty_text = gettext_lazy("No teams yet.")
    columns = [
        Column(gettext_lazy("Team"), "name", link=_team),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Leader"), lambda o: o.leader.resident.name if o.leader_id else ""),
        Column(gettext_lazy("Member count"), "member_count"),
        Column(gettext_lazy("Services this year"), "works"),
        Column(gettext_lazy("Hours this year"), lambda o: round((o.minutes or 0) / 60, 1)),
        Column(gettext_lazy("Registered on"), "registered_on"),
    ]
    filter_form_kwargs = _areas

    def rows(self, d):
        filters = selectors.OrgFilters(
            q=d["q"], kind=d["kind"], status=d["status"],
            area_path=d["area"].path if d["area"] else "") if d else None
        return selectors.organisation_list(actor=self.request.user, filters=filters)

    def actions(self):
        if organisation_policy.holds(self.request.user, Action.MANAGE_VOLUNTEERS):
            yield _("New team"), reverse("volunteers:team-new")
        yield _("Service projects"), reverse("volunteers:project-list")


class TeamNew(FormPage):
    form_class, action = OrganisationForm, Action.MANAGE_VOLUNTEERS
    title = gettext_lazy("New team or social organisation")
    form_kwargs = _communities

    def save(self, obj, d):
        return services.organisation_create(actor=self.request.user, **d)

    def success_text(self, row):
        return _("“%(name)s” is registered for incubation. Now add its members and "
                 "leader.") % {"name": row.name}

    def success_url(self, row):
        return _team(row)

    def back_url(self, obj):
        return reverse("volunteers:team-list")


class TeamDetail(DetailPage):
    """The team's page; managers save its name, type and description here."""

    form_class, action = OrganisationForm, Action.VIEW_VOLUNTEERS
    template_name = "volunteers/team_detail.html"

    def get_object(self):
        return selectors.organisation_get_for_actor(self.request.user, self.kwargs["org_id"])

    def may_edit(self, org):
        return organisation_policy.can(self.request.user, Action.MANAGE_VOLUNTEERS, org)

    def initial(self, org):
        return {"name": org.name, "kind": org.kind, "description": org.description}

    def save(self, org, d):
        return services.organisation_update(actor=self.request.user, organisation=org, **d)

    def context(self, org):
        user, q = self.request.user, self.request.GET.get("q", "")[:40]
        return {
            "org": selectors.organisation_figures(user, org), "q": q,
            "members": selectors.organisation_members(org),
            "candidates": selectors.member_candidates(actor=user, org=org, q=q)
            if self.editable else [],
            "projects": selectors.project_list(actor=user, filters=selectors.ProjectFilters(
                organisation=org.pk, active=None)),
            "register_form": RegisterOrgForm(), "dissolve_form": ReasonForm()}


@login_required
@require_POST
def team_members(request, org_id):
    """Add the ticked candidates, or save who stays and who leads."""
    user = request.user
    org = selectors.organisation_get_for_actor(user, org_id)
    back = _team(org)
    current = selectors.organisation_members(org)
    if request.POST.get("what") == "add":
        ids = request.POST.getlist("add")
        if not ids:
            messages.error(request, _("Tick the volunteers to add."))
            return redirect(back)
        members = current + [people_selectors.volunteer_get_for_actor(user, pk) for pk in ids]
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
               organisation=org, members=members, leader=leader)


@login_required
@require_POST
def team_register(request, org_id):
    org = selectors.organisation_get_for_actor(request.user, org_id)
    return act_form(request, RegisterOrgForm(request.POST), services.organisation_register,
                       _("Registered. Incubation is done."), _team(org),
                       refusal=_("Enter the date of registration."), organisation=org)


@login_required
@require_POST
def team_dissolve(request, org_id):
    org = selectors.organisation_get_for_actor(request.user, org_id)
    return act_form(request, ReasonForm(request.POST), services.organisation_dissolve,
                       _("Dissolved."), _team(org), organisation=org)


# -- service projects ------------------------------------------------------------------------
class ProjectList(ListPage):
    title, action = gettext_lazy("Service projects"), Action.VIEW_VOLUNTEERS
    filter_form, row_key, download_name = ProjectFilterForm, "project", "service-projects"
    empty_text = gettext_lazy("No service projects yet.")
    template_name = "volunteers/project_list.html"
    columns = [
        Column(gettext_lazy("Service project"), "name", link=_project),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Run by team"),
               lambda p: p.organisation.name if p.organisation_id else ""),
        Column(gettext_lazy("Skill"), lambda p: p.skill.name if p.skill_id else ""),
        Column(gettext_lazy("Needs"), "need_count"),
        Column(gettext_lazy("Open needs"), "open_count"),
        Column(gettext_lazy("Active"), lambda p: yes_no(p.is_active)),
    ]
    filter_form_kwargs = _areas

    def rows(self, d):
        filters = selectors.ProjectFilters(
            q=d["q"], active=d["active"],
            area_path=d["area"].path if d["area"] else "") if d else None
        return selectors.project_list(actor=self.request.user, filters=filters)

    def actions(self):
        if project_policy.holds(self.request.user, Action.MANAGE_VOLUNTEERS):
            yield _("New project"), reverse("volunteers:project-new")
        yield _("Service needs"), reverse("volunteers:need-list")


class ProjectNew(FormPage):
    form_class, action = ProjectForm, Action.MANAGE_VOLUNTEERS
    title = gettext_lazy("New service project")
    success_message = gettext_lazy("The project is created. Post its needs from its page.")

    def form_kwargs(self, obj):
        user = self.request.user
        return {"organisations": selectors.organisations_for(user),
                "skills": people_selectors.skill_list(), **_communities(self)}

    def save(self, obj, d):
        return services.project_create(actor=self.request.user, **d)

    def success_url(self, row):
        return _project(row)

    def back_url(self, obj):
        return reverse("volunteers:project-list")


class ProjectDetail(DetailPage):
    """A project with its needs; managers edit it here."""

    form_class, action = ProjectForm, Action.VIEW_VOLUNTEERS
    template_name = "volunteers/project_detail.html"

    def get_object(self):
        return selectors.project_get_for_actor(self.request.user, self.kwargs["project_id"])

    def may_edit(self, project):
        return project_policy.can(self.request.user, Action.MANAGE_VOLUNTEERS, project)

    def form_kwargs(self, project):
        return {"organisations": selectors.organisations_for(self.request.user),
                "skills": people_selectors.skill_list()}

    def initial(self, p):
        return {"name": p.name, "description": p.description,
                "organisation": p.organisation_id, "skill": p.skill_id,
                "is_active": p.is_active}

    def save(self, project, d):
        return services.project_update(actor=self.request.user, project=project, **d)

    def context(self, project):
        return {"project": project, "needs": selectors.project_needs(project),
                "can_post": need_policy.can(self.request.user, Action.POST_NEEDS,
                                            project.path)}
