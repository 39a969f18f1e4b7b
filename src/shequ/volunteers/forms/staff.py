"""Forms of the staff pages: registering residents as volunteers, the skill list, teams,
service projects, the rewards catalogue and the points rates. They parse and check the
shape of the input with messages a user can act on; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import REASON_MAX, LimitsStatedForm, limit_of

from ..availability import BAND_NAMES
from ..models import (
    OrgKind,
    OrgStatus,
    PointsEntry,
    RedemptionState,
    Reward,
    RewardKind,
    ServiceOrganisation,
    ServiceProject,
    Skill,
)
from .work import BAND_LABELS, WEEKDAYS, VolunteerForm

YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]
DATE = {"type": "date"}


def yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class AreaChoiceField(forms.ModelChoiceField):
    """A community or grid of the actor's scope, grids indented under their community."""

    def label_from_instance(self, obj):
        return f"— {obj.name}" if obj.kind == "grid" else obj.name


class ResidentSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, pinyin or last 4 digits of the phone"), max_length=40,
                        required=False)
    party = forms.BooleanField(label=_("Party members only"), required=False)


class StaffVolunteerForm(VolunteerForm):
    """The volunteer's own form plus what only staff change."""

    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=40, required=False)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=None, required=False)
    area = AreaChoiceField(label=_("Area"), queryset=None, required=False)
    organisation = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    weekday = forms.TypedChoiceField(
        label=_("Free on"), coerce=int, required=False, empty_value=None,
        choices=[("", "—")] + [(i, d) for i, d in enumerate(WEEKDAYS)])
    band = forms.TypedChoiceField(
        label=_("Time of day"), coerce=int, required=False, empty_value=None,
        choices=[("", "—")] + [(i, BAND_LABELS[n]) for i, n in enumerate(BAND_NAMES)])
    active = forms.ChoiceField(label=_("Active"), choices=YES_NO, required=False,
                               initial="1")
    party = forms.BooleanField(label=_("Party members only"), required=False)

    def __init__(self, *args, skills, areas, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills
        self.fields["area"].queryset = areas
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if (data.get("weekday") is None) != (data.get("band") is None):
            raise forms.ValidationError(_("Choose both a weekday and a time of day."))
        return data


class SkillForm(LimitsStatedForm):
    code = forms.CharField(
        label=_("Code"), max_length=limit_of(Skill, "code"),
        help_text=_("Lower-case letters, digits and _; it cannot be changed later."),
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$",
                                   _("Use lower-case letters, digits and _ only, "
                                     "starting with a letter."))])
    name = forms.CharField(label=_("Skill name"), max_length=limit_of(Skill, "name"))


class SkillEditForm(LimitsStatedForm):
    name = forms.CharField(label=_("Skill name"), max_length=limit_of(Skill, "name"))
    is_active = forms.BooleanField(label=_("Offered"), required=False)


class OrganisationForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=_("Team name"),
                           max_length=limit_of(ServiceOrganisation, "name"))
    kind = forms.ChoiceField(label=_("Type"), choices=OrgKind.choices)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(ServiceOrganisation, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()


class OrgFilterForm(forms.Form):
    q = forms.CharField(label=_("Team name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + OrgKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + OrgStatus.choices)
    area = AreaChoiceField(label=_("Area"), queryset=None, required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class RegisterOrgForm(forms.Form):
    registered_on = forms.DateField(label=_("Registered on"), widget=forms.DateInput(attrs=DATE))


class ReasonForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)


class ProjectForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=_("Project name"), max_length=limit_of(ServiceProject, "name"))
    organisation = forms.ModelChoiceField(label=_("Run by team"), queryset=None,
                                          required=False)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=None, required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(ServiceProject, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, communities=None, organisations, skills, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()
            del self.fields["is_active"]
        self.fields["organisation"].queryset = organisations
        self.fields["skill"].queryset = skills


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Project name"), max_length=40, required=False)
    area = AreaChoiceField(label=_("Area"), queryset=None, required=False)
    active = forms.ChoiceField(label=_("Active"), choices=YES_NO, required=False,
                               initial="1")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class RewardEditForm(LimitsStatedForm):
    name = forms.CharField(label=_("Reward name"), max_length=limit_of(Reward, "name"))
    kind = forms.ChoiceField(label=_("Type"), choices=RewardKind.choices)
    merchant = forms.CharField(label=_("Merchant"), max_length=limit_of(Reward, "merchant"),
                               required=False)
    cost = forms.IntegerField(label=_("Points"), min_value=1, max_value=100000)
    is_active = forms.BooleanField(label=_("On offer"), required=False)


class RestockForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Units"), min_value=-10000, max_value=10000,
        help_text=_("A negative number takes unsold units away."))

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value == 0:
            raise forms.ValidationError(_("Enter how many units to add or take away."))
        return value


class RewardFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or merchant"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + RewardKind.choices)
    area = AreaChoiceField(label=_("Community"), queryset=None, required=False)
    on_offer = forms.ChoiceField(label=_("On offer"), choices=YES_NO, required=False)
    out_of_stock = forms.BooleanField(label=_("Out of stock only"), required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class RedemptionFilterForm(forms.Form):
    code = forms.CharField(label=_("Collection code"), max_length=12, required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All"))] + RedemptionState.choices)
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs=DATE))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=DATE))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data


class RateForm(forms.Form):
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=1000)
    is_active = forms.BooleanField(label=_("In use"), required=False)


class AdjustForm(LimitsStatedForm):
    amount = forms.IntegerField(label=_("Points (+/−)"), min_value=-100000, max_value=100000)
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(PointsEntry, "note"))

    def clean_amount(self):
        value = self.cleaned_data["amount"]
        if value == 0:
            raise forms.ValidationError(_("The amount must not be zero."))
        return value
