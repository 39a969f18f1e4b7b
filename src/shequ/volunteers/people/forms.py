"""Forms of the people pages: a volunteer's skills and weekly availability (their own and
staff's), the resident search, the volunteer filters and the managed skill list. They
parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField

from ..pages import AreaChoiceField
from .availability import BAND_NAMES, mask_of
from .models import Skill, Volunteer

WEEKDAYS = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
WEEKDAY_NAMES = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
                 _("Saturday"), _("Sunday")]
BAND_LABELS = {"morning": _("Morning"), "afternoon": _("Afternoon"), "evening": _("Evening")}
LEVELS = [("", "—"), ("1", _("Basic")), ("2", _("Experienced")), ("3", _("Expert"))]


class VolunteerForm(LimitsStatedForm):
    """Skills (a level per skill) and the weekday × band grid, built from the skill list."""

    note = forms.CharField(label=_("Note"), max_length=limit_of(Volunteer, "note"),
                           required=False)

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.skill_list = list(skills)
        for s in self.skill_list:
            self.fields[f"skill_{s.pk}"] = forms.ChoiceField(label=s.name, choices=LEVELS,
                                                             required=False)
        for d in range(7):
            for b in range(len(BAND_NAMES)):
                self.fields[f"slot_{d}_{b}"] = forms.BooleanField(required=False)

    def clean(self):
        """Also hands the services their arguments: ``skills`` {skill id: level} and the
        ``availability`` bit mask."""
        data = super().clean()
        data["skills"], data["availability"] = self.skills(), mask_of(self.slots())
        return data

    def skills(self) -> dict[int, int]:
        return {s.pk: int(self.cleaned_data[f"skill_{s.pk}"]) for s in self.skill_list
                if self.cleaned_data.get(f"skill_{s.pk}")}

    def slots(self) -> list[tuple[int, int]]:
        return [(d, b) for d in range(7) for b in range(len(BAND_NAMES))
                if self.cleaned_data.get(f"slot_{d}_{b}")]

    def grid(self):
        """Rows of (band label, [bound checkbox per weekday]) for the template."""
        return [(BAND_LABELS[name], [self[f"slot_{d}_{b}"] for d in range(7)])
                for b, name in enumerate(BAND_NAMES)]

    def skill_fields(self):
        return [self[f"skill_{s.pk}"] for s in self.skill_list]


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
    active = YesNoField(label=_("Active"), initial="1")
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
        label=pgettext_lazy("redemption", "Code"), max_length=limit_of(Skill, "code"),
        help_text=_("Lower-case letters, digits and _; it cannot be changed later."),
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$",
                                   _("Use lower-case letters, digits and _ only, "
                                     "starting with a letter."))])
    name = forms.CharField(label=_("Skill name"), max_length=limit_of(Skill, "name"))


class SkillEditForm(LimitsStatedForm):
    name = forms.CharField(label=_("Skill name"), max_length=limit_of(Skill, "name"))
    is_active = forms.BooleanField(label=_("Offered"), required=False)
