"""The forms of the need pages: the week's list and posting a need (or a weekly series of
it). They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import offer

from ..pages import DATE
from .models import NeedState, ServiceNeed


class NeedFilterForm(forms.Form):
    """The need list's week (any day of it; this week when empty) and state."""

    week = forms.DateField(label=_("Week"), required=False, widget=forms.DateInput(attrs=DATE))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All"))] + NeedState.choices)


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
        offer(self, "community", communities)
        self.fields["skill"].queryset = skills
        self.fields["building"].queryset = buildings
        if projects is None:
            del self.fields["project"]
            del self.fields["repeat_weeks"]
        else:
            self.fields["project"].queryset = projects
