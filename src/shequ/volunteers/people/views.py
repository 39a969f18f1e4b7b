"""Pages about people: the volunteer list for staff (filters, pages, CSV/Excel), registering
a resident or party member as a volunteer, a volunteer's page (skills, availability,
teams, service), the volunteer's own phone page (register, assignments, open needs,
records), and volunteering settings (the managed skill list and the points rates)."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, DetailPage, FormPage, ListPage, act, act_form

from .. import places
from ..needs import selectors as needs_selectors
from ..pages import yes_no
from ..points import selectors as points_selectors
from ..points.forms import RateForm
from ..policies import Action, account_policy, record_policy, resident_of, volunteer_policy
from ..records import selectors as records_selectors
from ..teams import selectors as teams_selectors
from . import selectors, services
from .availability import BAND_NAMES, slots_of
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


def _availability_text(mask: int) -> str:
    """``星期一上午、星期三晚上…`` for the list and its downloads."""
    return "、".join(f"{WEEKDAY_NAMES[d]}{BAND_LABELS[BAND_NAMES[b]]}"
                    for d, b in slots_of(mask))


def _detail(v) -> str:
    return reverse("volunteers:volunteer-detail", args=[v.pk])


class VolunteerList(ListPage):
    title, action = gettext_lazy("Volunteers"), Action.VIEW_VOLUNTEERS
    filter_form, row_key, download_name = VolunteerFilterForm, "volunteer", "volunteers"
    empty_text = gettext_lazy("No volunteers found.")
    columns = [
        Column(gettext_lazy("Name"), "resident.name", link=_detail),
        Column(gettext_lazy("Skills"),
               lambda v: "、".join(f"{r.skill.name}{r.level}" for r in v.skill_rows.all())),
        Column(gettext_lazy("Availability"), lambda v: _availability_text(v.availability),
               page=False),
        Column(gettext_lazy("Building"), lambda v: str(v.building or "")),
        Column(gettext_lazy("Active"), lambda v: yes_no(v.is_active)),
        Column(gettext_lazy("Joined"), lambda v: timezone.localtime(v.joined_at).date()),
    ]

    def filter_form_kwargs(self):
        user = self.request.user
        return {"skills": selectors.skill_list(include_inactive=True),
                "areas": places.areas_for(user, Action.VIEW_VOLUNTEERS),
                "organisations": teams_selectors.organisation_list(actor=user)}

    def rows(self, d):
        filters = selectors.VolunteerFilters()  # unfiltered: the active ones
        if d:
            filters = selectors.VolunteerFilters(
                q=d["q"], skill=d["skill"].pk if d["skill"] else None,
                area_path=d["area"].path if d["area"] else "", active=d["active"],
                organisation=d["organisation"].pk if d["organisation"] else None,
                party=d["party"], slot=(d["weekday"], d["band"])
                if d["weekday"] is not None else None)
        return selectors.volunteer_list(actor=self.request.user, filters=filters)

    def actions(self):
        if volunteer_policy.holds(self.request.user, Action.MANAGE_VOLUNTEERS):
            yield _("Register a volunteer"), reverse("volunteers:volunteer-new")
        yield _("Teams"), reverse("volunteers:team-list")
        yield _("Service projects"), reverse("volunteers:project-list")


class VolunteerNew(ListPage):
    """Find the resident (or party member) to register; each row leads to the form."""

    title, action = gettext_lazy("Register a volunteer"), Action.MANAGE_VOLUNTEERS
    filter_form, row_key = ResidentSearchForm, "resident"
    template_name = "volunteers/volunteer_new.html"
    columns = [
        Column(gettext_lazy("Name"), "name",
               link=lambda r: reverse("volunteers:volunteer-register", args=[r.pk])),
        Column(gettext_lazy("Address"), "household.address"),
        Column(gettext_lazy("Volunteer"),
               lambda r: _("already a volunteer") if r.is_volunteer else ""),
    ]

    @property
    def empty_text(self):
        if not self.request.GET:
            return ""
        return _("Nobody found in your area. Try the pinyin initials or the last 4 digits of "
                 "the phone.")

    def rows(self, d):
        return selectors.resident_candidates(actor=self.request.user, q=d.get("q", ""),
                                             party=d.get("party", False))


class VolunteerRegister(FormPage):
    """Register the resident found; one who already volunteers leads to their page."""

    form_class, action = StaffVolunteerForm, Action.MANAGE_VOLUNTEERS
    template_name = "volunteers/volunteer_form.html"
    submit_label = gettext_lazy("Register as a volunteer")

    @cached_property
    def resident(self):
        return selectors.resident_for_registration(self.request.user,
                                                   self.kwargs["resident_id"])

    def get(self, request, *args, **kwargs):
        return self._already() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._already() or super().post(request, *args, **kwargs)

    def _already(self):
        existing = getattr(self.resident, "volunteer", None)
        if existing is None:
            return None
        messages.info(self.request, _("%(name)s is already a volunteer.")
                      % {"name": self.resident.name})
        return redirect(_detail(existing))

    def get_object(self):
        return self.resident

    def form_kwargs(self, resident):
        return {"skills": selectors.skill_list()}

    def save(self, resident, d):
        return services.volunteer_register(actor=self.request.user, resident=resident,
                                           skills=d["skills"], availability=d["availability"],
                                           note=d["note"])

    def success_text(self, row):
        return _("%(name)s is registered as a volunteer.") % {"name": self.resident.name}

    def success_url(self, row):
        return _detail(row)

    def back_url(self, resident):
        return reverse("volunteers:volunteer-new")

    def page_title(self, resident):
        return resident.name

    def context(self, resident):
        return {"weekdays": WEEKDAYS, "is_party": hasattr(resident, "membership")}


class VolunteerDetail(DetailPage):
    """A volunteer's page; managers change their skills, availability and note here."""

    form_class, action = StaffVolunteerForm, Action.VIEW_VOLUNTEERS
    template_name = "volunteers/volunteer_detail.html"

    def get_object(self):
        return selectors.volunteer_get_for_actor(self.request.user, self.kwargs["volunteer_id"])

    def may_edit(self, volunteer):
        return volunteer_policy.can(self.request.user, Action.MANAGE_VOLUNTEERS, volunteer)

    def initial(self, v):
        initial = {f"skill_{r.skill_id}": str(r.level) for r in v.skill_rows.all()}
        initial.update({f"slot_{d}_{b}": True for d, b in slots_of(v.availability)})
        return {**initial, "note": v.note, "is_active": v.is_active}

    def form_kwargs(self, volunteer):
        return {"skills": selectors.skill_list()}

    def save(self, volunteer, d):
        return services.volunteer_update(
            actor=self.request.user, volunteer=volunteer, skills=d["skills"],
            availability=d["availability"], note=d["note"], is_active=d["is_active"])

    def context(self, volunteer):
        user = self.request.user
        account = None
        if account_policy.can(user, Action.VIEW_POINTS, volunteer.path):
            account = points_selectors.account_for_resident(user, volunteer.resident)
        return {"volunteer": volunteer, "weekdays": WEEKDAYS, "account": account,
                "can_enter": record_policy.can(user, Action.VERIFY_SERVICE, volunteer.path),
                "availability": _availability_text(volunteer.availability),
                **selectors.volunteer_profile(volunteer)}


class Configuration(FormPage):
    """The managed skill list (add here, rename or withdraw below) and the points rates."""

    form_class, action = SkillForm, Action.CONFIGURE
    title = gettext_lazy("Volunteering settings")
    template_name = "volunteers/configuration.html"

    def save(self, obj, d):
        return services.skill_create(actor=self.request.user, code=d["code"], name=d["name"])

    def success_text(self, row):
        return _("Skill “%(name)s” added.") % {"name": row.name}

    def success_url(self, row):
        return reverse("volunteers:configuration")

    def context(self, obj):
        return {"skills": [(s, SkillEditForm(initial={"name": s.name, "is_active": s.is_active},
                                             prefix=f"s{s.pk}"))
                           for s in selectors.skill_usage()],
                "rates": [(r, RateForm(initial={"points": r.points, "is_active": r.is_active},
                                       prefix=f"r{r.pk}")) for r in points_selectors.rate_list()]}


@login_required
@require_POST
def skill_edit(request, skill_id):
    if not volunteer_policy.holds(request.user, Action.CONFIGURE):
        raise NotFound()
    skill = selectors.skill_get(skill_id)
    return act_form(request, SkillEditForm(request.POST, prefix=f"s{skill.pk}"),
                       services.skill_update, _("Saved."), reverse("volunteers:configuration"),
                       skill=skill)


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
        mine = {"skills": form.cleaned_data["skills"],
                "availability": form.cleaned_data["availability"]}
        if volunteer is None:
            return act(request, services.volunteer_register, _("Welcome, volunteer!"),
                       reverse("volunteers:me"), resident=resident, **mine)
        return act(request, services.volunteer_update, _("Saved."), reverse("volunteers:me"),
                   volunteer=volunteer, **mine)
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
