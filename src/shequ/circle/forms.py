"""HTML forms of the circle: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField

from .models import PointCategory, ServicePoint

CATEGORY_CHOICES = [("", _("All categories")), *PointCategory.choices]


class PointForm(LimitsStatedForm):
    area = forms.ModelChoiceField(label=_("Community"), queryset=None)
    category = forms.ChoiceField(label=_("Category"), choices=PointCategory.choices)
    name = forms.CharField(label=pgettext_lazy("service point", "Name"), max_length=limit_of(ServicePoint, "name"))
    address = forms.CharField(label=pgettext_lazy("service point", "Address"), required=False,
                              max_length=limit_of(ServicePoint, "address"))
    lat = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9,
                             decimal_places=6, help_text=_("Degrees, e.g. 31.209500. Without "
                                                           "coordinates the point is listed "
                                                           "but not on the map."))
    lng = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9,
                             decimal_places=6, help_text=_("Degrees, e.g. 107.468100."))
    opening_hours = forms.CharField(label=pgettext_lazy("service point", "Opening hours"), required=False,
                                    max_length=limit_of(ServicePoint, "opening_hours"))
    is_active = forms.BooleanField(label=pgettext_lazy("service point", "Open"), required=False, initial=True)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda a: f"{a.name}（{a.get_kind_display()}）"


class PointFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or address"), required=False, max_length=80)
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES, required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False,
                                  empty_label=_("All areas"))
    located = YesNoField(label=_("Has coordinates"))

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class GapFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES, required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False,
                                  empty_label=_("All areas"))

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
