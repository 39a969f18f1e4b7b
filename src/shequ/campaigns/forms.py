"""HTML forms of the campaigns app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of

from .models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityState,
    Nomination,
    Selection,
    SelectionKind,
    SelectionState,
)

DT = {"type": "datetime-local"}
DATE = {"type": "date"}


class CommunityForm(LimitsStatedForm):
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
    title = forms.CharField(label=_("Title"), max_length=limit_of(Activity, "title"))
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    place = forms.CharField(label=_("Place"), max_length=limit_of(Activity, "place"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs=DT))
    capacity = forms.IntegerField(label=_("Participants"), min_value=1)
    volunteer_places = forms.IntegerField(label=_("Volunteers wanted"), min_value=0, initial=0)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(Activity, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))


class SelectionForm(CommunityForm):
    title = forms.CharField(label=_("Title"), max_length=limit_of(Selection, "title"))
    kind = forms.ChoiceField(label=_("Type"), choices=SelectionKind.choices)
    votes_per_voter = forms.IntegerField(label=_("Votes per resident"), min_value=1,
                                         max_value=20, initial=1)
    winners = forms.IntegerField(label=_("Number of winners"), min_value=1, initial=3)
    hide_results = forms.BooleanField(label=_("Hide results until voting closes"),
                                      required=False, initial=True)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(Selection, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))


class NominationForm(LimitsStatedForm):
    nominee = forms.CharField(label=_("Nominee"), max_length=limit_of(Nomination, "nominee"))
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(Nomination, "reason"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(LimitsStatedForm):
    note = forms.CharField(label=_("Note"), max_length=limit_of(Nomination, "review_note"),
                           required=False)


class ReportForm(LimitsStatedForm):
    report = forms.CharField(label=_("Short report"), max_length=limit_of(Activity, "report"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=forms.DateTimeInput(attrs=DT))
    closes_at = forms.DateTimeField(label=_("Voting closes"),
                                    widget=forms.DateTimeInput(attrs=DT))


class PhotoForm(LimitsStatedForm):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=limit_of(ActivityPhoto, "caption"),
                              required=False)


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


class CancelForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(Activity, "cancel_reason"))
