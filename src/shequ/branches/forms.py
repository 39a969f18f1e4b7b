"""HTML forms of the branches app: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField

from .models import DocumentKind, Evidence, Meeting, MeetingKind, Responsibility

DATE = {"type": "date"}


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Branch"), required=False, max_length=40)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + MeetingKind.choices)
    held = YesNoField(label=_("Held"))


class MeetingForm(LimitsStatedForm):
    """``branches`` when creating (a branch and a type); editing keeps both."""

    branch = forms.ModelChoiceField(label=_("Party branch"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=limit_of(Meeting, "topic"))
    planned_on = forms.DateField(label=_("Planned for"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    held_on = forms.DateField(label=_("Held on"), required=False,
                              widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                              help_text=_("Leave empty until it is held."))
    place = forms.CharField(label=_("Place"), required=False,
                            max_length=limit_of(Meeting, "place"))
    minutes = forms.CharField(label=_("Minutes"), required=False, max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if branches is None:
            del self.fields["branch"], self.fields["kind"]
        else:
            self.fields["branch"].queryset = branches


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class ProfileForm(forms.Form):
    committee_complete = forms.BooleanField(label=_("Branch committee complete"),
                                            required=False)
    funds_amount = forms.DecimalField(label=_("Funds this year (yuan)"), min_value=0,
                                      max_digits=12, decimal_places=2, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"))


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices)
    every_months = forms.TypedChoiceField(
        label=_("Period"), coerce=int,
        choices=[(1, _("Monthly")), (3, _("Quarterly")), (6, _("Half-yearly")),
                 (12, _("Yearly"))])
    times = forms.IntegerField(label=_("Times per period"), min_value=1, max_value=31)


class ItemForm(LimitsStatedForm):
    """A responsibility item: the head of a chain (district) or one derived from a parent
    (``places``: the areas one level down, or ``branches`` for a community's item)."""

    area = forms.ModelChoiceField(label=_("Area"), queryset=None)
    branch = forms.ModelChoiceField(label=_("Party branch"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=limit_of(Responsibility, "title"),
                            required=False)
    owner = forms.CharField(label=_("Owner"), max_length=limit_of(Responsibility, "owner"))
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    detail = forms.CharField(label=_("Detail"), required=False,
                             max_length=limit_of(Responsibility, "detail"),
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, places=None, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is None:
            del self.fields["area"]
        else:
            self.fields["area"].queryset = places
        if branches is None:
            del self.fields["branch"]
        else:
            self.fields["branch"].queryset = branches


class EvidenceForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False,
                           max_length=limit_of(Evidence, "note"))
    file = forms.FileField(label=_("File"), required=False)
