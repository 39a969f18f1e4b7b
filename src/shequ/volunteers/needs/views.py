"""Pages about needs: the list, posting one (or a weekly series), a need with its
candidates and check-in QR code, confirming a volunteer, signing up, the week solve, and
the volunteer's answer to an assignment."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act
from shequ.core.params import id_param
from shequ.territory.selectors import communities_for

from ..pages import qr_svg
from ..people import selectors as people_selectors
from ..policies import Action, need_policy
from ..teams import selectors as teams_selectors
from . import matching, selectors, services
from .forms import NeedFilterForm, NeedForm


def _week(day: dt.date | None) -> dt.date:
    """The Monday of ``day``'s week (today's when none)."""
    day = day or timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


def _when(n) -> str:
    start, end = timezone.localtime(n.starts_at), timezone.localtime(n.ends_at)
    return f"{start:%m-%d %H:%M}–{end:%H:%M}"


class NeedList(ListPage):
    """One week's needs, soonest first; managers have the whole week proposed at once."""

    title, action = gettext_lazy("Service needs"), Action.VIEW_VOLUNTEERS
    filter_form, row_key = NeedFilterForm, "need"
    empty_text = gettext_lazy("No needs this week.")
    template_name = "volunteers/need_list.html"
    columns = [
        Column(gettext_lazy("Title"), "title",
               link=lambda n: reverse("volunteers:need-detail", args=[n.pk])),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("People"), lambda n: f"{n.taken}/{n.people_needed}"),
        Column(gettext_lazy("Time"), _when),
        Column(gettext_lazy("Skill"), lambda n: n.skill.name if n.skill_id else ""),
        Column(gettext_lazy("Place"), lambda n: f"{n.community.name} {n.address}".strip()),
    ]

    def rows(self, d):
        self.week = _week(d.get("week"))
        return selectors.need_list(actor=self.request.user, week_start=self.week,
                                   state=d.get("state", ""))

    def actions(self):
        if need_policy.holds(self.request.user, Action.POST_NEEDS):
            yield _("Post a need"), reverse("volunteers:need-new")
        yield _("Verify hours"), reverse("volunteers:record-queue")

    def context(self):
        return {"needs": self.page.rows, "week": self.week, "prev": self.week - dt.timedelta(days=7),
                "next": self.week + dt.timedelta(days=7),
                "can_manage": need_policy.holds(self.request.user, Action.MANAGE_VOLUNTEERS)}


class NeedNew(FormPage):
    """Post a need (or the same need on several weeks, for a service project)."""

    form_class, action = NeedForm, Action.POST_NEEDS
    title, submit_label = gettext_lazy("Post a need"), gettext_lazy("Post")

    @cached_property
    def projects(self):
        return teams_selectors.project_list(actor=self.request.user)

    def form_kwargs(self, obj):
        from shequ.territory.selectors import building_list
        user = self.request.user
        return {"communities": communities_for(user, Action.POST_NEEDS, grids_count=True),
                "skills": people_selectors.skill_list(), "buildings": building_list(actor=user),
                "projects": self.projects}

    def initial(self, obj):
        project = self.projects.filter(
            pk=id_param(self.request.GET.get("project")) or 0).first()
        if project is None:
            return {}
        return {"project": project.pk, "community": project.community_id,
                "skill": project.skill_id, "title": project.name}

    def save(self, obj, d):
        return services.need_create_series(
            actor=self.request.user, weeks=d["repeat_weeks"] or 1, title=d["title"],
            community=d["community"], starts_at=d["starts_at"], ends_at=d["ends_at"],
            skill=d["skill"], building=d["building"], address=d["address"],
            people_needed=d["people_needed"], description=d["description"],
            project=d["project"])

    def success_text(self, rows):
        if len(rows) == 1:
            return _("The need is posted.")
        return _("%(n)d weekly needs are posted.") % {"n": len(rows)}

    def success_url(self, rows):
        if len(rows) == 1:
            return reverse("volunteers:need-detail", args=[rows[0].pk])
        project = rows[0].project_id
        return reverse("volunteers:project-detail", args=[project]) if project \
            else reverse("volunteers:need-list")

    def back_url(self, obj):
        return reverse("volunteers:need-list")


@login_required
@require_GET
def need_detail(request, need_id):
    user = request.user
    row = selectors.need_get_for_actor(user, need_id)
    manage = need_policy.can(user, Action.MANAGE_VOLUNTEERS, row)
    checkin_url = request.build_absolute_uri(reverse("volunteers:check-in",
                                                     args=[row.checkin_token]))
    mine = [a for a in selectors.my_assignments(user) if a.need_id == row.pk]
    return render(request, "volunteers/need_detail.html", {
        "need": row, "manage": manage,
        "staff": need_policy.can(user, Action.VIEW_VOLUNTEERS, row),
        "assignments": selectors.need_assignments(row) if manage else [],
        "candidates": matching.candidates(user, row, limit=15) if manage else [],
        "qr": qr_svg(checkin_url) if manage else "", "checkin_url": checkin_url,
        "mine": mine[0] if mine else None,
        "is_volunteer": people_selectors.my_volunteer(user) is not None})


@login_required
@require_POST
def need_confirm(request, need_id):
    user = request.user
    row = selectors.need_get_for_actor(user, need_id)
    volunteer = people_selectors.volunteer_get_for_actor(user, request.POST.get("volunteer"))
    return act(request, services.assignment_confirm, _("Confirmed; the volunteer is asked."),
               reverse("volunteers:need-detail", args=[row.pk]), need=row, volunteer=volunteer)


@login_required
@require_POST
def need_sign_up(request, need_id):
    row = selectors.need_get_for_actor(request.user, need_id)
    return act(request, services.assignment_sign_up, _("You are signed up."),
               reverse("volunteers:need-detail", args=[row.pk]), need=row)


@login_required
@require_POST
def need_solve(request):
    user = request.user
    if not need_policy.holds(user, Action.MANAGE_VOLUNTEERS):
        raise NotFound()
    form = NeedFilterForm(request.POST)
    week = _week(form.cleaned_data["week"] if form.is_valid() else None)
    solution = matching.solve_week(user, week_start=week)
    services.proposals_replace(actor=user, pairs=solution.pairs, needs=solution.needs)
    messages.success(request, _(
        "Week solved: %(filled)d of %(slots)d places proposed; confirm them on each need.")
        % {"filled": solution.filled, "slots": solution.slots})
    return redirect(f"{reverse('volunteers:need-list')}?week={week.isoformat()}")


@login_required
@require_POST
def assignment_respond(request, assignment_id):
    row = selectors.assignment_get_for_actor(request.user, assignment_id)
    accept = request.POST.get("answer") == "accept"
    return act(request, services.assignment_respond,
               _("Thank you, accepted.") if accept else _("Declined."), reverse("volunteers:me"),
               assignment=row, accept=accept)


