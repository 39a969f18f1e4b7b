"""Volunteer pages: the volunteer's phone page (register, assignments, open needs, records),
needs for staff (list, new, detail with candidates and the QR code, the week solve),
QR check-in and check-out, past service entered by hand, and the verification queue."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.errors import DomainError
from shequ.core.freetext import form_refusal
from shequ.core.params import id_param

from .. import matching, selectors, services
from ..availability import mask_of, slots_of
from ..forms import (
    WEEKDAYS,
    NeedForm,
    RecordEntryForm,
    RejectForm,
    VerifyForm,
    VolunteerForm,
)
from ..permissions import Action, resident_of
from .common import act, found, need, qr_svg, save


@login_required
@require_http_methods(["GET", "POST"])
def me(request):
    user = request.user
    volunteer = selectors.my_volunteer(user)
    resident = resident_of(user)
    initial = {}
    if volunteer is not None:
        initial = {f"skill_{r.skill_id}": str(r.level) for r in volunteer.skill_rows.all()}
        initial.update({f"slot_{d}_{b}": True for d, b in slots_of(volunteer.availability)})
    form = VolunteerForm(request.POST or None, skills=selectors.skill_list(), initial=initial)
    if request.method == "POST" and resident is not None and form.is_valid():
        kwargs = {"skills": form.skills(), "availability": mask_of(form.slots())}
        if volunteer is None:
            back, _v = act(request, services.volunteer_register, _("Welcome, volunteer!"),
                           reverse("volunteers:me"), resident=resident, **kwargs)
        else:
            back, _v = act(request, services.volunteer_update, _("Saved."),
                           reverse("volunteers:me"), volunteer=volunteer, **kwargs)
        return back
    account = selectors.my_account(user)
    return render(request, "volunteers/me.html", {
        "resident": resident, "volunteer": volunteer, "form": form, "weekdays": WEEKDAYS,
        "assignments": selectors.my_assignments(user),
        "open_needs": selectors.open_needs_for_me(user) if volunteer else [],
        "records": selectors.my_records(user, limit=20),
        "balance": account.balance if account else 0,
        "hours": selectors.volunteer_hours(volunteer, timezone.localdate().year)
        if volunteer else 0,
    })



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
    communities = selectors.communities_for(user, Action.POST_NEEDS)
    projects = selectors.project_list(actor=user)
    initial = {}
    project = projects.filter(pk=id_param(request.GET.get("project")) or 0).first()
    if project is not None:
        initial = {"project": project.pk, "community": project.community_id,
                   "skill": project.skill_id, "title": project.name}
    form = NeedForm(request.POST or None, communities=communities,
                    skills=selectors.skill_list(), buildings=building_list(actor=user),
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
    manage = user.scope_for(Action.MANAGE_VOLUNTEERS).covers_path(row.path)
    checkin_url = request.build_absolute_uri(reverse("volunteers:check-in",
                                                     args=[row.checkin_token]))
    mine = [a for a in selectors.my_assignments(user) if a.need_id == row.pk]
    return render(request, "volunteers/need_detail.html", {
        "need": row, "manage": manage,
        "staff": user.scope_for(Action.VIEW_VOLUNTEERS).covers_path(row.path),
        "assignments": selectors.need_assignments(row) if manage else [],
        "candidates": matching.candidates(user, row, limit=15) if manage else [],
        "qr": qr_svg(checkin_url) if manage else "", "checkin_url": checkin_url,
        "mine": mine[0] if mine else None,
        "is_volunteer": selectors.my_volunteer(user) is not None})


@login_required
@require_POST
def need_confirm(request, need_id):
    user = request.user
    row = found(selectors.need_get_for_actor, user, need_id)
    volunteer = found(selectors.volunteer_get_for_actor, user, request.POST.get("volunteer"))
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


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    user = request.user
    row = found(selectors.need_for_token, token)
    if request.method == "POST":
        back, _r = act(request, services.need_check_in, _("Checked in. Thank you!"),
                       reverse("volunteers:check-in", args=[token]), token=token)
        return back
    return render(request, "volunteers/check_in.html", {
        "need": row, "record": selectors.open_record_for(user, row),
        "is_volunteer": selectors.my_volunteer(user) is not None})


@login_required
@require_POST
def check_out(request, record_id):
    row = found(selectors.record_get_for_actor, request.user, record_id)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("volunteers:me")
    back, _r = act(request, services.record_check_out,
                   _("Checked out. Your hours wait for verification."), back, record=row)
    return back


@login_required
@require_GET
def record_queue(request):
    need(request.user, Action.VERIFY_SERVICE)
    rows = selectors.record_queue(actor=request.user)
    return render(request, "volunteers/record_queue.html", {
        "records": rows[:200], "verify_form": VerifyForm(), "reject_form": RejectForm()})


@login_required
@require_POST
def record_decide(request, record_id, decision):
    user = request.user
    if decision not in ("verify", "reject"):
        raise Http404()
    row = found(selectors.record_get_for_actor, user, record_id)
    back = reverse("volunteers:record-queue")
    if decision == "verify":
        form = VerifyForm(request.POST)
        minutes = form.cleaned_data["minutes"] if form.is_valid() else None
        response, result = act(request, services.record_verify, "", back, record=row,
                               minutes=minutes)
        if result is not None:
            messages.success(request, _("Verified: %(name)s earned %(points)d points.") % {
                "name": row.volunteer.resident.name, "points": result[1].amount})
        return response
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    reason = form.cleaned_data["reason"]
    response, _r = act(request, services.record_reject, _("Rejected."), back, record=row,
                       reason=reason)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def record_enter(request, volunteer_id):
    """Staff enter a volunteer's past service by hand; it joins the verification queue."""
    user = request.user
    need(user, Action.VERIFY_SERVICE)
    volunteer = found(selectors.volunteer_get_for_actor, user, volunteer_id)
    form = RecordEntryForm(request.POST or None,
                           initial={"served_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        check_in_at, check_out_at = form.times()
        row = save(form, services.record_enter, actor=user, volunteer=volunteer,
                   title=form.cleaned_data["title"], check_in_at=check_in_at,
                   check_out_at=check_out_at, reason=form.cleaned_data["reason"])
        if row is not None:
            messages.success(request, _("Entered; the hours wait for verification."))
            return redirect("volunteers:volunteer-detail", volunteer_id=volunteer.pk)
    return render(request, "volunteers/form.html", {
        "form": form, "back": reverse("volunteers:volunteer-detail", args=[volunteer.pk]),
        "title": _("Enter past service of %(name)s") % {"name": volunteer.resident.name},
        "hint": _("For service already done that was not checked in. It earns points only "
                  "once a staff member verifies it, and nobody verifies their own hours.")},
        status=400 if form.errors else 200)
