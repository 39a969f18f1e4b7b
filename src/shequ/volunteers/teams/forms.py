"""Forms of the team and project pages. They parse and check the shape of the input with
messages a user can act on; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import REASON_MAX, LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField, offer

from ..pages import DATE, AreaChoiceField
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
        offer(self, "community", communities)


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
        offer(self, "community", communities)
        if communities is not None:
            del self.fields["is_active"]  # a new project is active
        self.fields["organisation"].queryset = organisations
        self.fields["skill"].queryset = skills


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Project name"), max_length=40, required=False)
    area = AreaChoiceField(label=_("Area"), queryset=None, required=False)
    active = YesNoField(label=_("Active"), initial="1")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


