"""Forms of the team and project pages. They parse and check the shape of the input with
messages a user can act on; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import REASON_MAX, LimitsStatedForm, limit_of

from ..pages import DATE, YES_NO, AreaChoiceField
from .models import OrgKind, OrgStatus, ServiceOrganisation, ServiceProject


class OrganisationForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=_("Team name"),
                           max_length=limit_of(ServiceOrganisation, "name"))
    kind = forms.ChoiceField(label=_("Type"), choices=OrgKind.choices)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(ServiceOrganisation, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()


class OrgFilterForm(forms.Form):
    q = forms.CharField(label=_("Team name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + OrgKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + OrgStatus.choices)
    area = AreaChoiceField(label=_("Area"), queryset=None, required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class RegisterOrgForm(forms.Form):
    registered_on = forms.DateField(label=_("Registered on"), widget=forms.DateInput(attrs=DATE))


class ReasonForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)


class ProjectForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=_("Project name"), max_length=limit_of(ServiceProject, "name"))
    organisation = forms.ModelChoiceField(label=_("Run by team"), queryset=None,
                                          required=False)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=None, required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(ServiceProject, "description"),
                                  widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, communities=None, organisations, skills, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()
            del self.fields["is_active"]
        self.fields["organisation"].queryset = organisations
        self.fields["skill"].queryset = skills


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Project name"), max_length=40, required=False)
    area = AreaChoiceField(label=_("Area"), queryset=None, required=False)
    active = forms.ChoiceField(label=_("Active"), choices=YES_NO, required=False,
                               initial="1")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


