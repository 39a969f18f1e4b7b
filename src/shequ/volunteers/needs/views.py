"""Pages about needs: the list, posting one (or a weekly series), a need with its
candidates and check-in QR code, confirming a volunteer, signing up, the week solve, and
the volunteer's answer to an assignment."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.errors import DomainError
from shequ.core.params import id_param
from shequ.territory.selectors import communities_for

from ..pages import act, found, need, qr_svg
from ..people import selectors as people_selectors
from ..policies import Action, need_policy
from ..teams import selectors as teams_selectors
from . import matching, selectors, services
from .forms import NeedForm


def _week(raw) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


@login_required
@require_GET
def need_list(request):
    need(request.user, Action.VIEW_VOLUNTEERS)
    week = _week(request.GET.get("week"))
    rows = selectors.need_list(actor=request.user, week_start=week,
                               state=request.GET.get("state", ""))
    return render(request, "volunteers/need_list.html", {
        "needs": rows[:300], "week": week, "prev": week - dt.timedelta(days=7),
        "next": week + dt.timedelta(days=7),
        "can_manage": request.user.can(Action.MANAGE_VOLUNTEERS),
        "can_post": request.user.can(Action.POST_NEEDS)})


@login_required
@require_http_methods(["GET", "POST"])
def need_new(request):
    """Post a need (or the same need on several weeks, for a service project)."""
    from shequ.territory.selectors import building_list
    user = request.user
    need(user, Action.POST_NEEDS)
    communities = communities_for(user, Action.POST_NEEDS, grids_count=True)
    projects = teams_selectors.project_list(actor=user)
    initial = {}
    project = projects.filter(pk=id_param(request.GET.get("project")) or 0).first()
    if project is not None:
        initial = {"project": project.pk, "community": project.community_id,
                   "skill": project.skill_id, "title": project.name}
    form = NeedForm(request.POST or None, communities=communities,
                    skills=people_selectors.skill_list(), buildings=building_list(actor=user),
                    projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rows = services.need_create_series(
                actor=user, weeks=d["repeat_weeks"] or 1, title=d["title"],
                community=d["community"], starts_at=d["starts_at"], ends_at=d["ends_at"],
                skill=d["skill"], building=d["building"], address=d["address"],
                people_needed=d["people_needed"], description=d["description"],
                project=d["project"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if len(rows) == 1:
                messages.success(request, _("The need is posted."))
                return redirect("volunteers:need-detail", need_id=rows[0].pk)
            messages.success(request, _("%(n)d weekly needs are posted.") % {"n": len(rows)})
            return redirect("volunteers:project-detail", project_id=d["project"].pk) \
                if d["project"] else redirect("volunteers:need-list")
    return render(request, "volunteers/need_new.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def need_detail(request, need_id):
    user = request.user
    row = found(selectors.need_get_for_actor, user, need_id)
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
    row = found(selectors.need_get_for_actor, user, need_id)
    volunteer = found(people_selectors.volunteer_get_for_actor, user, request.POST.get("volunteer"))
    back, _a = act(request, services.assignment_confirm, _("Confirmed; the volunteer is asked."),
                   reverse("volunteers:need-detail", args=[row.pk]), need=row,
                   volunteer=volunteer)
    return back


@login_required
@require_POST
def need_sign_up(request, need_id):
    row = found(selectors.need_get_for_actor, request.user, need_id)
    back, _a = act(request, services.assignment_sign_up, _("You are signed up."),
                   reverse("volunteers:need-detail", args=[row.pk]), need=row)
    return back


@login_required
@require_POST
def need_solve(request):
    user = request.user
    need(user, Action.MANAGE_VOLUNTEERS)
    week = _week(request.POST.get("week"))
    solution = matching.solve_week(user, week_start=week)
    services.proposals_replace(actor=user, pairs=solution.pairs, needs=solution.needs)
    messages.success(request, _(
        "Week solved: %(filled)d of %(slots)d places proposed; confirm them on each need.")
        % {"filled": solution.filled, "slots": solution.slots})
    return redirect(f"{reverse('volunteers:need-list')}?week={week.isoformat()}")


@login_required
@require_POST
def assignment_respond(request, assignment_id):
    row = found(selectors.assignment_get_for_actor, request.user, assignment_id)
    accept = request.POST.get("answer") == "accept"
    back, _a = act(request, services.assignment_respond,
                   _("Thank you, accepted.") if accept else _("Declined."),
                   reverse("volunteers:me"), assignment=row, accept=accept)
    return back


