"""HTML forms of the resources app: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of

from .models import (
    Bookers,
    Booking,
    Exchange,
    ExchangeForm,
    NegotiationMessage,
    Pairing,
    PlatformMember,
    Resource,
    ResourceKind,
    SharingAgreement,
)

DATE = {"type": "date"}
TIME = {"type": "time"}
DT = {"type": "datetime-local"}
WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday")]


class ResourceForm(LimitsStatedForm):
    """``communities`` when creating (with the platform's units as possible owners)."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    owner_unit = forms.ModelChoiceField(label=_("Owner unit"), queryset=None, required=False,
                                        help_text=_("Empty: the community's own."))
    name = forms.CharField(label=_("Name"), max_length=limit_of(Resource, "name"))
    kind = forms.ChoiceField(label=_("Type"), choices=ResourceKind.choices)
    location = forms.CharField(label=_("Location"), required=False,
                               max_length=limit_of(Resource, "location"))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100000,
                                  required=False, help_text=_("Leave empty for no limit."))
    bookable_by = forms.ChoiceField(label=_("Who may book"), choices=Bookers.choices)
    requires_checkin = forms.BooleanField(label=_("Check-in by QR code"), required=False)
    rules = forms.CharField(label=_("Rules"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}), max_length=limit_of(Resource, "rules"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}), max_length=limit_of(Resource, "description"))

    def __init__(self, *args, communities=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"], self.fields["owner_unit"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()
            self.fields["owner_unit"].queryset = units


class HoursForm(forms.Form):
    """One opening band per weekday; both empty closes the day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for d, name in enumerate(WEEKDAYS):
            self.fields[f"opens_{d}"] = forms.TimeField(label=name, required=False,
                                                        widget=forms.TimeInput(attrs=TIME))
            self.fields[f"closes_{d}"] = forms.TimeField(label=_("closes"), required=False,
                                                         widget=forms.TimeInput(attrs=TIME))

    def hours(self) -> dict:
        out = {}
        for d in range(7):
            o, c = self.cleaned_data.get(f"opens_{d}"), self.cleaned_data.get(f"closes_{d}")
            out[d] = (o, c) if o and c else None
        return out


def contact_phone_field() -> forms.CharField:
    """Read as text; the service checks it (a mobile or a landline with its area code)."""
    return forms.CharField(label=_("Contact phone"), required=False, max_length=20,
                           widget=forms.TextInput(attrs={"inputmode": "tel",
                                                         "autocomplete": "off"}),
                           help_text=_("Kept encrypted; shown masked."))


class AgreementForm(LimitsStatedForm):
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label=_("Ends on"), required=False,
                              widget=forms.DateInput(attrs=DATE))
    contact = forms.CharField(label=_("Contact person"),
                              max_length=limit_of(SharingAgreement, "contact"))
    contact_phone = contact_phone_field()
    terms = forms.CharField(label=_("Terms"), widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=limit_of(SharingAgreement, "terms"))
    document = forms.FileField(label=_("Signed document (photo or PDF)"), required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class BookingForm(LimitsStatedForm):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs=DT))
    attendees = forms.IntegerField(label=_("People"), min_value=1, max_value=100000, initial=1)
    purpose = forms.CharField(label=_("Purpose"), required=False,
                              max_length=limit_of(Booking, "purpose"))
    unit = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, required=False)
    weekly_until = forms.DateField(label=_("Repeat weekly until"), required=False,
                                   widget=forms.DateInput(attrs=DATE))
    skip = forms.CharField(label=_("Except on"), required=False, max_length=400,
                           help_text=_("Dates to leave out, e.g. 2026-10-01 2026-10-08"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None or not units.exists():
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units

    def clean_skip(self):
        out = []
        for part in self.cleaned_data["skip"].replace(",", " ").split():
            try:
                out.append(dt.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(_("Write dates as 2026-10-01.")) from None
        return out


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(Booking, "reason"))


class ProposeForm(LimitsStatedForm):
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}), max_length=limit_of(NegotiationMessage, "text"))
    starts_at = forms.DateTimeField(label=_("Proposed start"), required=False,
                                    widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=_("Proposed end"), required=False,
                                  widget=forms.DateTimeInput(attrs=DT))


class FreeSearchForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs=DATE))
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + ResourceKind.choices)
    capacity = forms.IntegerField(label=_("People"), min_value=1, max_value=100000,
                                  required=False)
    minutes = forms.IntegerField(label=_("At least (minutes)"), min_value=15, max_value=720,
                                 initial=60, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + ResourceKind.choices)
    capacity = forms.IntegerField(label=_("People"), min_value=1, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE), required=False)
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs=DATE), required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or today.replace(day=1)
        end = data.get("end") or today
        return (start, max(end, start))


class PairingForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    village = forms.CharField(label=_("Village"), max_length=limit_of(Pairing, "village"))
    township = forms.CharField(label=_("Township"), max_length=limit_of(Pairing, "township"))
    contact = forms.CharField(label=_("Contact person"), required=False,
                              max_length=limit_of(Pairing, "contact"))
    contact_phone = contact_phone_field()
    started_on = forms.DateField(label=_("Paired since"), required=False,
                                 widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class ExchangeAddForm(LimitsStatedForm):
    form = forms.ChoiceField(label=_("Form"), choices=ExchangeForm.choices)
    on_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    registry_names = forms.CharField(label=_("People from the registry"), required=False,
                                     max_length=300,
                                     help_text=_("Names of residents of the community, "
                                                 "separated by spaces."))
    people_text = forms.CharField(label=_("Other people"), required=False,
                                  max_length=limit_of(Exchange, "people_text"))
    resources = forms.ModelMultipleChoiceField(label=_("Resources lent"), queryset=None,
                                               required=False)
    resources_text = forms.CharField(label=_("Other resources"), required=False,
                                     max_length=limit_of(Exchange, "resources_text"))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}), max_length=limit_of(Exchange, "outcome"))

    photos = forms.FileField(label=_("Photo"), required=False)

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = resources


class MemberForm(LimitsStatedForm):
    """A unit joins a community's sharing platform; its delegates by their user names."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    contact = forms.CharField(label=_("Contact person"), required=False,
                              max_length=limit_of(PlatformMember, "contact"))
    contact_phone = contact_phone_field()
    monthly_quota_hours = forms.IntegerField(label=_("Hours per month"), min_value=0,
                                             max_value=10000, required=False,
                                             help_text=_("Leave empty for no limit."))
    delegates = forms.CharField(label=_("Delegates"), required=False, max_length=300,
                                help_text=_("User names of the accounts that book for the unit "
                                            "and answer its requests, separated by spaces."))

    def __init__(self, *args, communities, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["unit"].queryset = units
