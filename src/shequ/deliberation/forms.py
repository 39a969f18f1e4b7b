"""HTML forms of 要事联商: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.freetext import LimitsStatedForm, limit_of

from .models import (
    DISCLOSABLE_LABELS,
    Disclosure,
    Matter,
    MatterKind,
    MatterStatus,
    Meeting,
    MeetingKind,
    Resolution,
    ResolutionStatus,
    ResolutionUpdate,
    Task,
    VoteChoice,
)

DT = {"type": "datetime-local"}
DATE = {"type": "date"}


def _community(form, communities) -> None:
    if communities is None:
        del form.fields["community"]
        return
    form.fields["community"].queryset = communities
    if communities.count() == 1:
        form.fields["community"].initial = communities.first()


class MatterForm(LimitsStatedForm):
    """``communities`` when creating; a matter keeps its community."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=MatterKind.choices)
    title = forms.CharField(label=_("Title"), max_length=limit_of(Matter, "title"))
    background = forms.CharField(label=_("Background"), required=False,
                                 max_length=limit_of(Matter, "background"),
                                 widget=forms.Textarea(attrs={"rows": 5}))
    budget = forms.DecimalField(label=_("Budget (yuan)"), required=False, max_digits=14,
                                decimal_places=2)
    budget_source = forms.CharField(label=_("Source of funds"), required=False,
                                    max_length=limit_of(Matter, "budget_source"))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        _community(self, communities)


class MatterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + MatterStatus.choices)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + MatterKind.choices)
    community = forms.ModelChoiceField(label=_("Community"), required=False, queryset=None)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(NoteForm):
    approve = forms.TypedChoiceField(label=_("Pre-review"), coerce=lambda v: v == "1",
                                     choices=[("1", _("Approve for deliberation")),
                                              ("0", _("Return with comments"))])


class DisclosureForm(forms.Form):
    field = forms.ChoiceField(label=_("Field"), choices=list(DISCLOSABLE_LABELS.items()))
    state = forms.ChoiceField(label=_("Public page"), choices=Disclosure.choices)


class TaskForm(LimitsStatedForm):
    title = forms.CharField(label=_("Task"), max_length=limit_of(Task, "title"))
    parent = forms.ModelChoiceField(label=_("Part of"), required=False, queryset=None)
    owner = forms.ModelChoiceField(label=pgettext_lazy("task", "Owner"), required=False,
                                   queryset=None)
    due_on = forms.DateField(label=pgettext_lazy("resolution", "Deadline"), required=False,
                             widget=forms.DateInput(attrs=DATE))
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=1000, initial=1)

    def __init__(self, *args, tasks=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = tasks
        self.fields["owner"].queryset = owners


class ProgressForm(forms.Form):
    """Progress as typed: the service refuses over 100 % with its own message."""

    progress = forms.DecimalField(label=_("Progress %"), max_digits=8, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class EvidenceForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png"}))


class MeetingForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=limit_of(Meeting, "title"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs=DT))
    place = forms.CharField(label=_("Place"), required=False,
                            max_length=limit_of(Meeting, "place"))
    secret_ballot = forms.BooleanField(label=_("Secret ballot"), required=False)
    quorum_num = forms.IntegerField(label=_("Quorum (numerator)"), min_value=1, max_value=100,
                                    initial=2)
    quorum_den = forms.IntegerField(label=_("Quorum (denominator)"), min_value=1,
                                    max_value=100, initial=3)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        _community(self, communities)


class AgendaMatterForm(forms.Form):
    matter = forms.ModelChoiceField(label=_("Matter"), queryset=None)

    def __init__(self, *args, matters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = matters


class TopicForm(forms.Form):
    topic = forms.CharField(label=pgettext_lazy("agenda", "Topic"), max_length=200)


class InviteForm(forms.Form):
    """One person: a committee member, a staff account or a resident (by record number)."""

    member = forms.ModelChoiceField(label=_("Committee member"), required=False, queryset=None)
    user = forms.ModelChoiceField(label=_("Staff account"), required=False, queryset=None)
    resident = forms.IntegerField(label=_("Resident (record number)"), required=False,
                                  min_value=1)

    def __init__(self, *args, members=None, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["user"].queryset = staff


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Meeting minutes"), required=False,
                              max_length=limit_of(Meeting, "minutes"),
                              widget=forms.Textarea(attrs={"rows": 8}))


class VoteForm(forms.Form):
    invitee = forms.IntegerField(min_value=1)
    choice = forms.ChoiceField(label=pgettext_lazy("meeting", "Vote"), choices=VoteChoice.choices)


class ResolutionForm(LimitsStatedForm):
    text = forms.CharField(label=_("Resolution"), max_length=limit_of(Resolution, "text"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    due_on = forms.DateField(label=pgettext_lazy("resolution", "Deadline"),
                             widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ResolutionStatus.choices)
    note = forms.CharField(label=pgettext_lazy("resolution", "Follow-up"),
                           max_length=limit_of(ResolutionUpdate, "note"))
