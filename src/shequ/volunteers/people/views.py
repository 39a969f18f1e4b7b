"""Pages about people: the volunteer list for staff (filters, pages, CSV/Excel), registering
a resident or party member as a volunteer, a volunteer's page (skills, availability,
teams, service), the volunteer's own phone page (register, assignments, open needs,
records), and volunteering settings (the managed skill list and the points rates)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports

from .. import places
from ..needs import selectors as needs_selectors
from ..pages import act, form_messages, found, need, page_of, save, yes_no
from ..points import selectors as points_selectors
from ..points.forms import RateForm
from ..policies import Action, account_policy, record_policy, resident_of, volunteer_policy
from ..records import selectors as records_selectors
from ..teams import selectors as teams_selectors
from . import selectors, services
from .availability import BAND_NAMES, mask_of, slots_of
from .forms import (
    BAND_LABELS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    ResidentSearchForm,
    SkillEditForm,
    SkillForm,
    StaffVolunteerForm,
    VolunteerFilterForm,
    VolunteerForm,
)


def _filters(request):
    user = request.user
    form = VolunteerFilterForm(
        request.GET or None, skills=selectors.skill_list(include_inactive=True),
        areas=places.areas_for(user, Action.VIEW_VOLUNTEERS),
        organisations=teams_selectors.organisation_list(actor=user))
    filters = selectors.VolunteerFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        slot = (d["weekday"], d["band"]) if d["weekday"] is not None else None
        filters = selectors.VolunteerFilters(
            q=d["q"], skill=d["skill"].pk if d["skill"] else None,
            area_path=d["area"].path if d["area"] else "", active=yes_no(d["active"]),
            organisation=d["organisation"].pk if d["organisation"] else None,
            party=d["party"], slot=slot)
    return form, filters


def _availability_text(mask: int) -> str:
    """``星期一上午、星期三晚上…`` for exports."""
    return "、".join(f"{WEEKDAY_NAMES[d]}{BAND_LABELS[BAND_NAMES[b]]}"
                    for d, b in slots_of(mask))


@login_required
@require_GET
def volunteer_list(request):
    user = request.user
    need(user, Action.VIEW_VOLUNTEERS)
    form, filters = _filters(request)
    rows = selectors.volunteer_list(actor=user, filters=filters)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table(
            actor=request.user, name="volunteers", fmt=fmt,
            header=[_("Name"), _("Skills"), _("Availability"), _("Building"), _("Active"),
                    _("Joined")],
            rows=([v.resident.name,
                   "、".join(f"{r.skill.name}{r.level}" for r in v.skill_rows.all()),
                   _availability_text(v.availability), str(v.building or ""),
                   _("yes") if v.is_active else _("no"), f"{v.joined_at:%Y-%m-%d}"]
                  for v in rows.iterator(chunk_size=500)))
    return render(request, "volunteers/volunteer_list.html", {
        "form": form, **page_of(request, rows),
        "can_manage": user.can(Action.MANAGE_VOLUNTEERS)})


@login_required
@require_GET
def volunteer_new(request):
    """Find the resident (or party member) to register."""
    user = request.user
    need(user, Action.MANAGE_VOLUNTEERS)
    form = ResidentSearchForm(request.GET or None)
    rows = []
    if form.is_bound and form.is_valid():
        rows = list(selectors.resident_candidates(actor=user, q=form.cleaned_data["q"],
                                                  party=form.cleaned_data["party"])[:50])
    return render(request, "volunteers/volunteer_new.html", {
        "form": form, "residents": rows, "searched": form.is_bound})


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_register(request, resident_id):
    user = request.user
    need(user, Action.MANAGE_VOLUNTEERS)
    resident = found(selectors.resident_for_registration, user, resident_id)
    existing = getattr(resident, "volunteer", None)
    if existing is not None:
        messages.info(request, _("%(name)s is already a volunteer.") % {"name": resident.name})
        return redirect("volunteers:volunteer-detail", volunteer_id=existing.pk)
    form = StaffVolunteerForm(request.POST or None, skills=selectors.skill_list())
    if request.method == "POST" and form.is_valid():
        row = save(form, services.volunteer_register, actor=user, resident=resident,
                   skills=form.skills(), availability=mask_of(form.slots()),
                   note=form.cleaned_data["note"])
        if row is not None:
            messages.success(request, _("%(name)s is registered as a volunteer.")
                             % {"name": resident.name})
            return redirect("volunteers:volunteer-detail", volunteer_id=row.pk)
    return render(request, "volunteers/volunteer_form.html", {
        "form": form, "resident": resident, "weekdays": WEEKDAYS,
        "is_party": hasattr(resident, "membership")}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_detail(request, volunteer_id):
    user = request.user
    need(user, Action.VIEW_VOLUNTEERS)
    volunteer = found(selectors.volunteer_get_for_actor, user, volunteer_id)
    manage = volunteer_policy.can(user, Action.MANAGE_VOLUNTEERS, volunteer)
    initial = {f"skill_{r.skill_id}": str(r.level) for r in volunteer.skill_rows.all()}
    initial.update({f"slot_{d}_{b}": True for d, b in slots_of(volunteer.availability)})
    initial.update(note=volunteer.note, is_active=volunteer.is_active)
    form = StaffVolunteerForm(request.POST if request.method == "POST" else None,
                              skills=selectors.skill_list(), initial=initial)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied()
        if form.is_valid():
            row = save(form, services.volunteer_update, actor=user, volunteer=volunteer,
                       skills=form.skills(), availability=mask_of(form.slots()),
                       note=form.cleaned_data["note"],
                       is_active=form.cleaned_data["is_active"])
            if row is not None:
                messages.success(request, _("Saved."))
                return redirect("volunteers:volunteer-detail", volunteer_id=volunteer.pk)
    account = None
    if account_policy.can(user, Action.VIEW_POINTS, volunteer.path):
        account = points_selectors.account_for_resident(user, volunteer.resident)
    return render(request, "volunteers/volunteer_detail.html", {
        "volunteer": volunteer, "manage": manage, "form": form, "weekdays": WEEKDAYS,
        "can_enter": record_policy.can(user, Action.VERIFY_SERVICE, volunteer.path),
        "availability": _availability_text(volunteer.availability), "account": account,
        **selectors.volunteer_profile(volunteer)}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def configuration(request):
    """The managed skill list (add here, rename or withdraw below) and the points rates."""
    user = request.user
    need(user, Action.CONFIGURE)
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = save(form, services.skill_create, actor=user, code=form.cleaned_data["code"],
                   name=form.cleaned_data["name"])
        if row is not None:
            messages.success(request, _("Skill “%(name)s” added.") % {"name": row.name})
            return redirect("volunteers:configuration")
    return render(request, "volunteers/configuration.html", {
        "form": form, "skills": [(s, SkillEditForm(initial={"name": s.name,
                                                             "is_active": s.is_active},
                                                    prefix=f"s{s.pk}"))
                                 for s in selectors.skill_usage()],
        "rates": [(r, RateForm(initial={"points": r.points, "is_active": r.is_active},
                               prefix=f"r{r.pk}")) for r in points_selectors.rate_list()]},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def skill_edit(request, skill_id):
    user = request.user
    need(user, Action.CONFIGURE)
    skill = found(selectors.skill_get, skill_id)
    form = SkillEditForm(request.POST, prefix=f"s{skill.pk}")
    if form.is_valid() and save(form, services.skill_update, actor=user, skill=skill,
                                name=form.cleaned_data["name"],
                                is_active=form.cleaned_data["is_active"]):
        messages.success(request, _("Saved."))
    else:
        form_messages(request, form)
    return redirect("volunteers:configuration")


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
    account = points_selectors.my_account(user)
    return render(request, "volunteers/me.html", {
        "resident": resident, "volunteer": volunteer, "form": form, "weekdays": WEEKDAYS,
        "assignments": needs_selectors.my_assignments(user),
        "open_needs": needs_selectors.open_needs_for_me(user) if volunteer else [],
        "records": records_selectors.my_records(user, limit=20),
        "balance": account.balance if account else 0,
        "hours": selectors.volunteer_hours(volunteer, timezone.localdate().year)
        if volunteer else 0,
    })
