from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm
from shequ.territory.filters import AreaFilterField

from .models import OrgKind, UnitKind


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=40)
    open_only = forms.BooleanField(label=_("Open units only"), required=False)


class PartyOrgFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All types"))] + OrgKind.choices)
    area = AreaFilterField()


class AreaChoiceField(forms.ModelChoiceField):
    """Areas named with their code: grid names repeat from one community to the next."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


class _Choices:
    """A form whose model choice fields get their (scoped) querysets from the view, either
    as ``choices={field: queryset}`` (the page kit's ``form_kwargs``) or ``set_choices``."""

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices(**(choices or {}))

    def set_choices(self, **querysets):
        for name, qs in querysets.items():
            self.fields[name].queryset = qs


class PartyOrgForm(_Choices, LimitsStatedForm):
    kind = forms.ChoiceField(label=_("Type"), choices=OrgKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    area = AreaChoiceField(label=_("Area"), queryset=None,
                           help_text=_("The territory node the organisation covers"))
    parent = forms.ModelChoiceField(label=_("Parent organisation"), queryset=None,
                                    required=False, empty_label=_("(none)"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False,
                                  empty_label=_("(none)"),
                                  help_text=_("For a unit's own party organisation"))
    is_fallback = forms.BooleanField(label=_("Fallback organisation (区域兜底)"), required=False)


class PartyOrgEditForm(LimitsStatedForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=OrgKind.choices)
    is_fallback = forms.BooleanField(label=_("Fallback organisation (区域兜底)"), required=False)


class PartyOrgMoveForm(_Choices, forms.Form):
    parent = forms.ModelChoiceField(label=_("New parent organisation"), queryset=None)


class ReasonForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class MemberOrgForm(_Choices, forms.Form):
    org = forms.ModelChoiceField(label=_("Unit party organisation"), queryset=None)


class PartTimeForm(_Choices, LimitsStatedForm):
    name = forms.CharField(label=_("Name"), max_length=40)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    post = forms.CharField(label=_("Post held"), max_length=60, help_text=_("e.g. 兼职副书记"))
    term_start = forms.DateField(label=_("Term starts"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(label=_("Term ends"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


class UnitForm(_Choices, LimitsStatedForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=40,
                                  help_text=_("18 characters, GB 32100"))
    kind = forms.ChoiceField(label=_("Type"), choices=UnitKind.choices)
    area = AreaChoiceField(label=_("Area"), queryset=None)
    address = forms.CharField(label=_("Address of the unit"), max_length=200, required=False)
