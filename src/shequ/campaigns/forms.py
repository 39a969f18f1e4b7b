"""HTML forms of the campaigns app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActivityKind, ActivityState, SelectionKind, SelectionState

DT = {"type": "datetime-local"}
DATE = {"type": "date"}


class CommunityForm(forms.Form):
    """``communities`` when creating; editing keeps the community (no field then)."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class ActivityForm(CommunityForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs=DT))
    capacity = forms.IntegerField(label=_("Participants"), min_value=1)
    volunteer_places = forms.IntegerField(label=_("Volunteers wanted"), min_value=0, initial=0)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class SelectionForm(CommunityForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=SelectionKind.choices)
    votes_per_voter = forms.IntegerField(label=_("Votes per resident"), min_value=1,
                                         max_value=20, initial=1)
    winners = forms.IntegerField(label=_("Number of winners"), min_value=1, initial=3)
    hide_results = forms.BooleanField(label=_("Hide results until voting closes"),
                                      required=False, initial=True)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class NominationForm(forms.Form):
    nominee = forms.CharField(label=_("Nominee"), max_length=60)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=forms.DateTimeInput(attrs=DT))
    closes_at = forms.DateTimeField(label=_("Voting closes"),
                                    widget=forms.DateTimeInput(attrs=DT))


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or place"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + ActivityKind.choices)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All"))] + ActivityState.choices)
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs=DATE))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data


class SelectionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + SelectionKind.choices)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All"))] + SelectionState.choices)
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
