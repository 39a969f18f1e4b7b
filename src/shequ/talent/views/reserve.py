"""Pages of talent demands, the reserve, matching and referrals, and the resident's own
profile (the portal's "my talent profile"). Each score is shown with its four parts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.figures import in_period
from shequ.core.kit import Column, FormPage, ListPage, act, act_form
from shequ.registry.selectors import resident_of
from shequ.territory.filters import AreaFiltered

from .. import picks, selectors, services
from ..forms import (
    RECRUITING,
    DemandFilterForm,
    DemandForm,
    ProfileFilterForm,
    ProfileForm,
    ReferForm,
    ReferralFilterForm,
    StepForm,
    WithdrawForm,
)
from ..policies import Action, demand_policy, is_own_profile, profile_policy


def _demand(pk) -> str:
    return reverse("talent:demand-detail", args=[pk])


def _profile(pk) -> str:
    return reverse("talent:profile-detail", args=[pk])


def _staff_or_recruiter(user) -> None:
    if not (demand_policy.holds(user, Action.VIEW_TALENT) or user.can(Action.RECRUIT)):
        raise NotFound()


# -- demands -----------------------------------------------------------------------------------
class DemandList(AreaFiltered, ListPage):
    title = gettext_lazy("Talent demands")
    columns = [
        Column(gettext_lazy("Job post"), "title", link=lambda d: _demand(d.pk)),
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Kind of post"), "get_post_kind_display"),
        Column(gettext_lazy("Lowest education"), "get_education_display"),
        Column(gettext_lazy("Pay (yuan a month)"), lambda d: f"{d.pay_min}–{d.pay_max}"),
        Column(gettext_lazy("People wanted"), "headcount"),
        Column(gettext_lazy("Deadline"), "deadline"),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("Referred"), "referred"),
        Column(gettext_lazy("Hired"), "hired"),
    ]
    filter_form, area_action = DemandFilterForm, Action.VIEW_TALENT
    download_name = "talent-demands"
    row_key, empty_text = "demand", gettext_lazy("No talent demands.")

    def check(self):
        _staff_or_recruiter(self.request.user)

    def rows(self, filters):
        state = filters.get("state", "")
        qs = selectors.demand_list(actor=self.request.user, q=filters.get("q", ""),
                                   state="" if state == RECRUITING else state,
                                   recruiting=state == RECRUITING)
        return self.in_area(qs, filters)

    def actions(self):
        if picks.units_for(self.request.user).exists():
            yield _("Post a demand"), reverse("talent:demand-new")
        if profile_policy.holds(self.request.user, Action.VIEW_TALENT):
            yield _("Talent reserve"), reverse("talent:profile-list")
        yield _("Referrals"), reverse("talent:referral-list")


class DemandNew(FormPage):
    form_class, title = DemandForm, gettext_lazy("Post a talent demand")
    success_message = gettext_lazy("The demand is posted. Its best candidates are below.")

    def check(self, obj):
        _staff_or_recruiter(self.request.user)

    def form_kwargs(self, obj):
        return {"units": picks.units_for(self.request.user)}

    def save(self, obj, data):
        return services.demand_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _demand(row.pk)

    def back_url(self, obj):
        return reverse("talent:demand-list")


class DemandEdit(FormPage):
    form_class = DemandForm

    def get_object(self):
        demand = selectors.demand_get_for_actor(self.request.user, self.kwargs["demand_id"])
        demand_policy.require(self.request.user, Action.MANAGE_TALENT, demand)
        return demand

    def initial(self, d):
        return {k: getattr(d, k) for k in ("title", "post_kind", "work_type", "education",
                                           "pay_min", "pay_max", "headcount", "deadline",
                                           "lat", "lng", "description")} | {
            "skills": ", ".join(d.skill_list)}

    def save(self, demand, data):
        return services.demand_update(actor=self.request.user, demand=demand, **data)

    def success_url(self, row):
        return _demand(row.pk)

    back_url = success_url

    def page_title(self, demand):
        return demand.title


@login_required
@require_GET
def demand_detail(request, demand_id):
    """The post, its referrals with their next steps and — for staff who keep the reserve
    while it is open — its best candidates with each score's parts."""
    user = request.user
    demand = selectors.demand_get_for_actor(user, demand_id)
    manage = demand_policy.can(user, Action.MANAGE_TALENT, demand)
    refers = profile_policy.holds(user, Action.MANAGE_TALENT)
    candidates = (selectors.candidates_for(actor=user, demand=demand, limit=12)
                  if selectors.is_open(demand) and profile_policy.holds(user, Action.VIEW_TALENT)
                  else [])
    return render(request, "talent/demand_detail.html", {
        "demand": demand, "manage": manage, "refers": refers, "candidates": candidates,
        "open": selectors.is_open(demand), "refer_form": ReferForm(),
        "referrals": selectors.referral_list(actor=user, demand=demand),
        "step_form": StepForm(), "weights": _weights()})


def _weights() -> dict:
    from ..matching import WEIGHTS
    return {k: int(v) for k, v in WEIGHTS.items()}


@login_required
@require_POST
def demand_close(request, demand_id):
    demand = selectors.demand_get_for_actor(request.user, demand_id)
    return act(request, services.demand_close, _("The post is closed."), _demand(demand.pk),
               demand=demand)


@login_required
@require_POST
def demand_reopen(request, demand_id):
    demand = selectors.demand_get_for_actor(request.user, demand_id)
    return act(request, services.demand_reopen, _("The post is open again."),
               _demand(demand.pk), demand=demand)


@login_required
@require_POST
def demand_refer(request, demand_id):
    """Refer a candidate (a profile the user may see) to the post."""
    user = request.user
    demand = selectors.demand_get_for_actor(user, demand_id)
    form = ReferForm(request.POST)
    if not form.is_valid():
        raise NotFound()
    data = form.cleaned_data
    profile = selectors.profile_get_for_actor(user, data["profile"])
    return act(request, services.refer, _("Referred."), _demand(demand.pk), demand=demand,
               profile=profile, kind=data["kind"], note=data["note"])


# -- the reserve -------------------------------------------------------------------------------
class ProfileList(AreaFiltered, ListPage):
    title = gettext_lazy("Talent reserve")
    action = Action.VIEW_TALENT
    columns = [
        Column(pgettext_lazy("thing", "Name"), "resident.name", link=lambda p: _profile(p.pk)),
        Column(gettext_lazy("Phone"), "resident.phone_masked"),
        Column(gettext_lazy("Skills"), lambda p: "、".join(p.skill_list)),
        Column(gettext_lazy("Education"), "get_education_display"),
        Column(gettext_lazy("Years of experience"), "experience_years"),
        Column(gettext_lazy("Consent stands"), "consented"),
        Column(gettext_lazy("Referred"), "referred"),
    ]
    filter_form = ProfileFilterForm
    download_name, download_action = "talent-reserve", Action.VIEW_TALENT
    row_key, empty_text = "profile", gettext_lazy("Nobody is in the reserve yet.")

    def rows(self, filters):
        return self.in_area(selectors.profile_list(
            actor=self.request.user, q=filters.get("q", ""), consented=filters.get("consented"),
            education=filters.get("education")), filters)

    def actions(self):
        if profile_policy.holds(self.request.user, Action.MANAGE_TALENT):
            yield _("Add a resident (with consent)"), reverse("talent:profile-new")
        yield _("Talent demands"), reverse("talent:demand-list")


def _profile_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "resident"}


class ProfileNew(FormPage):
    """Staff add a resident to the reserve on their behalf: only with recorded consent."""

    form_class, title, action = ProfileForm, gettext_lazy("Add a resident to the talent "
                                                          "reserve"), Action.MANAGE_TALENT
    hint = gettext_lazy("Only with the resident's consent: record how they gave it.")
    success_message = gettext_lazy("The resident is in the talent reserve.")

    def save(self, obj, data):
        user = self.request.user
        resident = picks.resident_pick(actor=user, q=data["resident"])
        return services.profile_save(actor=user, resident=resident, **_profile_data(data))

    def success_url(self, row):
        return _profile(row.pk)

    def back_url(self, obj):
        return reverse("talent:profile-list")


def _profile_initial(p) -> dict:
    if p is None:
        return {}
    return {"skills": ", ".join(p.skill_list), "education": p.education,
            "experience_years": p.experience_years,
            "wish_kinds": [k for k in p.wish_kinds.split(",") if k],
            "wish_work_types": [k for k in p.wish_work_types.split(",") if k],
            "wish_max_km": p.wish_max_km, "wish_pay_min": p.wish_pay_min,
            "available_from": p.available_from, "note": p.note}


class ProfileEdit(FormPage):
    form_class = ProfileForm

    def get_object(self):
        profile = selectors.profile_get_for_actor(self.request.user, self.kwargs["profile_id"])
        if not is_own_profile(self.request.user, profile):
            profile_policy.require(self.request.user, Action.MANAGE_TALENT, profile)
        return profile

    def form_kwargs(self, p):
        return {"own": is_own_profile(self.request.user, p), "new": False,
                "consent": not p.consented}

    initial = staticmethod(_profile_initial)

    def save(self, p, data):
        return services.profile_save(actor=self.request.user, resident=p.resident, **data)

    def success_url(self, row):
        return _profile(row.pk)

    back_url = success_url

    def page_title(self, p):
        return p.resident.name


def _profile_context(user, profile) -> dict:
    return {"profile": profile,
            "training": selectors.completed_training(profile.resident),
            "posts": selectors.posts_for(profile=profile) if profile.consented else [],
            "referrals": selectors.referral_list(actor=user, profile=profile),
            "withdraw_form": WithdrawForm(), "weights": _weights()}


@login_required
@require_GET
def profile_detail(request, profile_id):
    user = request.user
    profile = selectors.profile_get_for_actor(user, profile_id)
    return render(request, "talent/profile_detail.html", {
        **_profile_context(user, profile), "own": is_own_profile(user, profile),
        "manage": profile_policy.can(user, Action.MANAGE_TALENT, profile)})


@login_required
@require_POST
def profile_withdraw(request, profile_id):
    profile = selectors.profile_get_for_actor(request.user, profile_id)
    form = WithdrawForm(request.POST)
    back = (reverse("talent:me") if is_own_profile(request.user, profile)
            else _profile(profile.pk))
    return act_form(request, form, services.consent_withdraw,
                    _("Consent withdrawn: the profile is no longer matched."), back,
                    profile=profile)


class MyProfile(FormPage):
    """The resident's own profile: the form (consent by a tick), and — once kept — the
    posts that suit them with each score's parts, completed training and referrals."""

    form_class, action = ProfileForm, Action.SELF_SERVICE
    template_name = "talent/me.html"
    success_message = gettext_lazy("Your talent profile is saved.")

    def get_object(self):
        if resident_of(self.request.user) is None:
            raise NotFound()
        return selectors.my_profile(self.request.user)

    def form_kwargs(self, p):
        return {"own": True, "new": p is None, "consent": p is None or not p.consented}

    initial = staticmethod(_profile_initial)

    def save(self, p, data):
        return services.profile_save(actor=self.request.user,
                                     resident=resident_of(self.request.user), **data)

    def success_url(self, row):
        return reverse("talent:me")

    def page_title(self, p):
        return _("My talent profile")

    def context(self, p):
        if p is None:
            return {"training": selectors.completed_training(resident_of(self.request.user))}
        return _profile_context(self.request.user, p)


# -- referrals ---------------------------------------------------------------------------------
class ReferralList(AreaFiltered, ListPage):
    title = gettext_lazy("Referrals")
    columns = [
        Column(gettext_lazy("Job post"), "demand.title", link=lambda r: _demand(r.demand_id)),
        Column(gettext_lazy("Unit"), "demand.unit.name"),
        Column(gettext_lazy("Resident"), "profile.resident.name"),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Match score"), "score"),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("Referred on"), "referred_at"),
    ]
    filter_form, area_action = ReferralFilterForm, Action.VIEW_TALENT
    download_name = "talent-referrals"
    row_key, empty_text = "referral", gettext_lazy("No referrals.")

    def check(self):
        _staff_or_recruiter(self.request.user)

    def rows(self, filters):
        qs = selectors.referral_list(actor=self.request.user, state=filters.get("state", ""))
        return self.in_area(qs, filters).filter(**in_period(filters, "changed_at"))


@login_required
@require_POST
def referral_step(request, referral_id):
    row = selectors.referral_get_for_actor(request.user, referral_id)
    return act_form(request, StepForm(request.POST), services.referral_advance,
                    _("Outcome recorded."), _demand(row.demand_id), referral=row)
