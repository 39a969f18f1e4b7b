"""HTML forms of the volunteers app: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of

from ..availability import BAND_NAMES
from ..models import Reward, RewardKind, ServiceNeed, ServiceRecord, Volunteer

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


class NeedForm(LimitsStatedForm):
    title = forms.CharField(label=_("Title"), max_length=limit_of(ServiceNeed, "title"))
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=None, required=False)
    building = forms.ModelChoiceField(label=_("Building"), queryset=None, required=False)
    address = forms.CharField(label=_("Place"), max_length=limit_of(ServiceNeed, "address"),
                              required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    people_needed = forms.IntegerField(label=_("People needed"), min_value=1, max_value=200,
                                       initial=1)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(
        attrs={"rows": 3}), required=False, max_length=limit_of(ServiceNeed, "description"))
    project = forms.ModelChoiceField(label=_("Service project"), queryset=None,
                                     required=False)
    repeat_weeks = forms.IntegerField(
        label=_("Repeat weekly"), min_value=1, max_value=12, initial=1,
        help_text=_("How many weeks in a row, this one included (1–12)."))

    def __init__(self, *args, communities, skills, buildings, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        if communities.count() == 1:
            self.fields["community"].initial = communities.first()
        self.fields["skill"].queryset = skills
        self.fields["building"].queryset = buildings
        if projects is None:
            del self.fields["project"]
            del self.fields["repeat_weeks"]
        else:
            self.fields["project"].queryset = projects


class VerifyForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=720, required=False)


class RejectForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(ServiceRecord, "note"))


class RewardForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=_("Reward name"), max_length=limit_of(Reward, "name"))
    kind = forms.ChoiceField(label=_("Type"), choices=RewardKind.choices)
    merchant = forms.CharField(label=_("Merchant"), max_length=limit_of(Reward, "merchant"),
                               required=False)
    cost = forms.IntegerField(label=_("Points"), min_value=1)
    stock = forms.IntegerField(label=_("Stock"), min_value=0)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        if communities.count() == 1:
            self.fields["community"].initial = communities.first()


class TransferForm(forms.Form):
    to = forms.ChoiceField(label=_("Family member"))
    amount = forms.IntegerField(label=_("Points"), min_value=1)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(r.pk, r.name) for r in family]


class RecordEntryForm(LimitsStatedForm):
    """Past service entered by hand: the day, from and to, what was done and why it was
    not checked in. The service checks the times; the form only parses them."""

    title = forms.CharField(label=_("Work"), max_length=limit_of(ServiceRecord, "title"))
    served_on = forms.DateField(label=_("Date"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(
        label=_("Why it is entered by hand"),
        max_length=limit_of(ServiceRecord, "entry_reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: signed on the paper sheet, the QR code could not be "
                    "scanned."))

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        return (timezone.make_aware(dt.datetime.combine(d["served_on"], d["start"])),
                timezone.make_aware(dt.datetime.combine(d["served_on"], d["end"])))
