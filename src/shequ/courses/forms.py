"""HTML forms of the courses app: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of

from .models import Course, CourseKind, CourseSession

DT = {"type": "datetime-local"}
YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


def yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class CourseForm(LimitsStatedForm):
    """``communities`` when creating; editing keeps the community and may close it."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=limit_of(Course, "title"))
    kind = forms.ChoiceField(label=_("Type"), choices=CourseKind.choices)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000,
                                  required=False, help_text=_("Leave empty for no limit."))
    party_only = forms.BooleanField(label=_("For party members only"), required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(Course, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("Open for enrolment"), required=False)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()
            del self.fields["is_active"]


class SessionForm(LimitsStatedForm):
    title = forms.CharField(label=_("Topic"), max_length=limit_of(CourseSession, "title"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs=DT))
    hours = forms.DecimalField(label=_("Study hours"), required=False, max_digits=4,
                               decimal_places=1, min_value=0.1, max_value=24,
                               help_text=_("Empty: the session's length."))
    place = forms.CharField(label=_("Place"), max_length=limit_of(CourseSession, "place"),
                            required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class CourseFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + CourseKind.choices)
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, required=False)
    active = forms.ChoiceField(label=_("Open for enrolment"), choices=YES_NO, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
