"""HTML forms of the talent app: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import PeriodFilter
from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField
from shequ.territory.filters import AreaFilterField

from .models import (
    AllianceMember,
    Demand,
    DemandState,
    Education,
    FollowUp,
    HelpSession,
    PostKind,
    Profile,
    ReferralKind,
    ReferralState,
    SessionKind,
    WorkType,
)

DATE = {"type": "date"}
# The demand list's open posts whose deadline has not passed (what the dashboard counts).
RECRUITING = "recruiting"
SKILLS_HELP = _("Separate skills with commas, e.g. 电工, 驾驶, Excel.")


class MemberJoinForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    resident = forms.CharField(label=_("Resident"), required=False, max_length=40,
                               help_text=_("Name, pinyin or the last 4 digits of the phone."))
    unit = forms.ModelChoiceField(label=_("Or a unit"), queryset=None, required=False)
    business = forms.CharField(label=_("Business"), required=False,
                               max_length=limit_of(AllianceMember, "business"))
    joined_on = forms.DateField(label=_("Joined the alliance on"), required=False,
                                widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, communities, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["unit"].queryset = units
        if communities.count() == 1:
            self.fields["community"].initial = communities.first()


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or business"), max_length=40, required=False)
    active = YesNoField(label=_("In the alliance"))


class SessionForm(LimitsStatedForm):
    """``communities`` when creating; editing keeps the community and the type."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Topic"), max_length=limit_of(HelpSession, "title"))
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), required=False,
                            max_length=limit_of(HelpSession, "place"))
    notes = forms.CharField(label=_("Notes"), required=False,
                            max_length=limit_of(HelpSession, "notes"),
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("Ideas raised, problems, who helps whom."))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"], self.fields["kind"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()


class SessionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + SessionKind.choices)


class FollowUpForm(LimitsStatedForm):
    text = forms.CharField(label=_("Follow-up"), max_length=limit_of(FollowUp, "text"))
    member = forms.ModelChoiceField(label=_("For member"), queryset=None, required=False)
    owner = forms.ModelChoiceField(label=_("Owned by"), queryset=None)
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, members, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["owner"].queryset = owners


class DemandForm(LimitsStatedForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    title = forms.CharField(label=_("Job post"), max_length=limit_of(Demand, "title"))
    post_kind = forms.ChoiceField(label=_("Kind of post"), choices=PostKind.choices)
    work_type = forms.ChoiceField(label=_("Work type"), choices=WorkType.choices)
    skills = forms.CharField(label=_("Skills"), required=False, help_text=SKILLS_HELP,
                             max_length=limit_of(Demand, "skills"))
    education = forms.TypedChoiceField(label=_("Lowest education"), coerce=int,
                                       choices=Education.choices)
    pay_min = forms.IntegerField(label=_("Pay from (yuan a month)"), min_value=0,
                                 max_value=1_000_000)
    pay_max = forms.IntegerField(label=_("Pay up to (yuan a month)"), min_value=0,
                                 max_value=1_000_000)
    headcount = forms.IntegerField(label=_("People wanted"), min_value=1, max_value=10_000,
                                   initial=1)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs=DATE))
    lat = forms.DecimalField(label=_("Latitude of the workplace"), required=False,
                             max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    lng = forms.DecimalField(label=_("Longitude of the workplace"), required=False,
                             max_digits=9, decimal_places=6, min_value=-180, max_value=180,
                             help_text=_("Used for the distance to candidates' homes."))
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(Demand, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
            if units.count() == 1:
                self.fields["unit"].initial = units.first()


class DemandFilterForm(forms.Form):
    q = forms.CharField(label=_("Post, unit or skill"), max_length=40, required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All")), (RECRUITING, _("Recruiting"))]
                              + DemandState.choices)
    area = AreaFilterField()


class ProfileForm(LimitsStatedForm):
    """The resident's own form asks for their consent by a tick; staff's form adds who
    they are and how the resident gave consent."""

    resident = forms.CharField(label=_("Resident"), max_length=40,
                               help_text=_("Name, pinyin or the last 4 digits of the phone."))
    skills = forms.CharField(label=_("Skills"), required=False, help_text=SKILLS_HELP,
                             max_length=limit_of(Profile, "skills"))
    education = forms.TypedChoiceField(label=_("Education"), coerce=int,
                                       choices=Education.choices)
    experience_years = forms.IntegerField(label=_("Years of experience"), min_value=0,
                                          max_value=60, initial=0)
    wish_kinds = forms.MultipleChoiceField(label=_("Kinds of post wished"), required=False,
                                           choices=PostKind.choices,
                                           widget=forms.CheckboxSelectMultiple)
    wish_work_types = forms.MultipleChoiceField(label=_("Work types accepted"), required=False,
                                                choices=WorkType.choices,
                                                widget=forms.CheckboxSelectMultiple)
    wish_max_km = forms.IntegerField(label=_("Farthest distance (km)"), required=False,
                                     min_value=1, max_value=200)
    wish_pay_min = forms.IntegerField(label=_("Lowest pay wished (yuan a month)"),
                                      required=False, min_value=0, max_value=1_000_000)
    available_from = forms.DateField(label=_("Can start on"), required=False,
                                     widget=forms.DateInput(attrs=DATE))
    note = forms.CharField(label=_("Note"), required=False, max_length=limit_of(Profile, "note"))
    consent = forms.BooleanField(
        label=_("I agree that the community keeps this profile in its talent reserve and "
                "shows it to employers it refers me to. I may withdraw at any time."),
        required=False)
    consent_note = forms.CharField(
        label=_("How the resident gave consent"), required=False,
        max_length=limit_of(Profile, "consent_note"),
        help_text=_("Required when consent is recorded on the resident's behalf, e.g. "
                    "signed form of 2026-12-01."))

    def __init__(self, *args, own: bool = False, new: bool = True, consent: bool = True,
                 **kwargs):
        super().__init__(*args, **kwargs)
        if own or not new:
            del self.fields["resident"]
        if own:
            del self.fields["consent_note"]
        else:
            self.fields["consent"].label = _("The resident consents to the talent reserve")
        if not consent:                  # consent stands: no need to give it again
            del self.fields["consent"]
            self.fields.pop("consent_note", None)


class ProfileFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or skill"), max_length=40, required=False)
    consented = YesNoField(label=_("Consent stands"))
    education = forms.TypedChoiceField(label=_("At least"), required=False, coerce=int,
                                       empty_value=None,
                                       choices=[("", _("All"))] + Education.choices)
    area = AreaFilterField()


class ReferForm(forms.Form):
    profile = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Type"), choices=ReferralKind.choices,
                             initial=ReferralKind.REFERRAL)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class StepForm(forms.Form):
    state = forms.ChoiceField(label=_("Referral outcome"), choices=[
        (s, lbl) for s, lbl in ReferralState.choices if s != ReferralState.REFERRED])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ReferralFilterForm(PeriodFilter):
    """``since``/``until`` are days of the referral's last change (a hire is final)."""

    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All"))] + ReferralState.choices)
    area = AreaFilterField()
    field_order = ["area", "state", "since", "until"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200)
