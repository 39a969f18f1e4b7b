"""Forms of the territory set-up page. They only parse; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm

from .models import Area


class AreaEditForm(LimitsStatedForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    code = forms.CharField(label=_("Code"), max_length=40,
                           help_text=_("统计用区划代码: district 6, street 9, community 12 digits"))


class ChildForm(LimitsStatedForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    code = forms.CharField(label=_("Code"), max_length=40, required=False,
                           help_text=_("A grid left blank gets the community's code + 3 digits."))


class CompoundForm(LimitsStatedForm):
    name = forms.CharField(label=_("Compound"), max_length=60)


class BuildingForm(LimitsStatedForm):
    compound = forms.ModelChoiceField(label=_("Compound"), queryset=None, required=False,
                                      empty_label=_("(none)"))
    name = forms.CharField(label=_("Building"), max_length=30, help_text=_("e.g. 7栋"))
    lat = forms.CharField(label=_("Latitude"), required=False, max_length=20)
    lng = forms.CharField(label=_("Longitude"), required=False, max_length=20)

    def __init__(self, *args, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = compounds


class BoundaryForm(forms.Form):
    boundary = forms.FileField(label=_("Boundary (GeoJSON)"),
                               help_text=_("A .geojson file holding one polygon"))


class MoveForm(forms.Form):
    building = forms.ModelChoiceField(label=_("Building"), queryset=None)
    grid = forms.ModelChoiceField(label=_("To grid"), queryset=None)

    def __init__(self, *args, buildings, grids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings
        self.fields["grid"].queryset = grids


class RetireForm(forms.Form):
    child = forms.ModelChoiceField(queryset=Area.objects.none(), widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=300)

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class AreaMoveForm(forms.Form):
    """A community to another street, a grid to another community (the rules: moves.py)."""

    parent = forms.ModelChoiceField(label=_("Move to"), queryset=None)
    code = forms.CharField(label=_("New code"), max_length=40, required=False,
                           help_text=_("Left blank: the new parent's code + this area's "
                                       "last 3 digits"))

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
