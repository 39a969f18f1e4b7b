"""HTML forms of 平安联护: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.freetext import LimitsStatedForm, limit_of

from .models import Incident, IncidentCategory, MemberKind, Route, SwapRequest

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = [(str(1 << i), name) for i, name in enumerate(
    [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")])]


class WeekdaysField(forms.MultipleChoiceField):
    """Weekday boxes ↔ the bit set the models store (bit 0 = Monday)."""

    def __init__(self, **kwargs):
        super().__init__(choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple,
                         initial=[v for v, _label in WEEKDAYS], **kwargs)

    def clean(self, value):
        return sum(int(v) for v in super().clean(value))


def weekday_boxes(bits: int) -> list[str]:
    return [v for v, _label in WEEKDAYS if bits & int(v)]


def _choices(form, name, queryset):
    form.fields[name].queryset = queryset
    if queryset is not None and len(queryset[:2]) == 1:
        form.fields[name].initial = queryset[0].pk


class RouteForm(LimitsStatedForm):
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=limit_of(Route, "name"))

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "grid", grids)


class CheckpointForm(forms.Form):
    building = forms.ModelChoiceField(label=_("Building"), queryset=None, required=False)
    compound = forms.ModelChoiceField(label=_("Compound gate"), queryset=None, required=False)
    label = forms.CharField(label=_("Label"), max_length=60, required=False,
                            help_text=_("Leave empty to use the building's name."))

    def __init__(self, *args, buildings=None, compounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings
        self.fields["compound"].queryset = compounds


class CoverageForm(forms.Form):
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    starts = forms.TimeField(label=pgettext_lazy("time", "From"), widget=TIME, initial=dt.time(19))
    ends = forms.TimeField(label=_("Until"), widget=TIME, initial=dt.time(23),
                           help_text=_("00:00 for midnight."))
    weekdays = WeekdaysField(label=_("Weekdays"))
    guards = forms.IntegerField(label=_("People on patrol"), min_value=1, max_value=20,
                                initial=1)

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "grid", grids)


class MemberForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=MemberKind.choices)
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None, required=False,
                                       help_text=_("For the volunteer patrol team."))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False,
                                  help_text=_("For a unit's security staff."))
    name = forms.CharField(label=_("Name"), max_length=40, required=False)
    weekdays = WeekdaysField(label=_("Available on"))
    available_from = forms.TimeField(label=_("Available from"), widget=TIME,
                                     initial=dt.time(0))
    available_until = forms.TimeField(label=_("Available until"), widget=TIME,
                                      initial=dt.time(23, 59))

    def __init__(self, *args, communities=None, volunteers=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "community", communities)
        self.fields["volunteer"].queryset = volunteers
        self.fields["unit"].queryset = units


class AvailabilityForm(forms.Form):
    weekdays = WeekdaysField(label=_("Available on"))
    available_from = forms.TimeField(label=_("Available from"), widget=TIME)
    available_until = forms.TimeField(label=_("Available until"), widget=TIME)
    is_active = forms.BooleanField(label=_("In the pool"), required=False)


class PlanForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Community or grid"), queryset=None)
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    max_shifts = forms.IntegerField(label=_("Most shifts per person"), min_value=1,
                                    max_value=31, initial=8)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "area", areas)


class SwapForm(LimitsStatedForm):
    to_member = forms.ModelChoiceField(label=_("Hand the shift to"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(SwapRequest, "reason"))

    def __init__(self, *args, pool=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_member"].queryset = pool


class IncidentForm(LimitsStatedForm):
    category = forms.ChoiceField(label=_("Category"), choices=IncidentCategory.choices)
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, required=False)
    building = forms.ModelChoiceField(label=_("Building"), queryset=None, required=False)
    place = forms.CharField(label=_("Place"), max_length=limit_of(Incident, "place"),
                            required=False)
    note = forms.CharField(label=_("What happened"), max_length=limit_of(Incident, "note"),
                           widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*",
                                                                   "capture": "environment"}))

    def __init__(self, *args, grids=None, buildings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if grids is None:
            del self.fields["grid"]
        else:
            _choices(self, "grid", grids)
        self.fields["building"].queryset = buildings


class CheckInForm(forms.Form):
    photo = forms.FileField(label=_("Photo (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*",
                                                                   "capture": "environment"}))


class RatingFilterForm(forms.Form):
    q = forms.CharField(label=_("Building"), required=False, max_length=30)
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, required=False)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class ShortlistForm(forms.Form):
    selection = forms.ModelChoiceField(label=_("平安楼栋 selection"), queryset=None)
    size = forms.IntegerField(label=_("Buildings"), min_value=1, max_value=20, initial=5)

    def __init__(self, *args, selections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selection"].queryset = selections


