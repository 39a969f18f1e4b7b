"""HTML forms of the campaigns app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActivityKind, SelectionKind

DT = {"type": "datetime-local"}


class CommunityForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


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
