"""Forms of the points bank pages: rewards and the catalogue filters, restocking, the
redemption register, family transfers, rates and corrections. They parse input; the
services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField, offer

from ..pages import DATE, AreaChoiceField
from .models import PointsEntry, RedemptionState, Reward, RewardKind


class RewardForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=_("Reward name"), max_length=limit_of(Reward, "name"))
    kind = forms.ChoiceField(label=_("Type"), choices=RewardKind.choices)
    merchant = forms.CharField(label=_("Merchant"), max_length=limit_of(Reward, "merchant"),
                               required=False)
    cost = forms.IntegerField(label=_("Points"), min_value=1)
    stock = forms.IntegerField(label=_("Stock"), min_value=0)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "community", communities)


class TransferForm(forms.Form):
    to = forms.ChoiceField(label=_("Family member"))
    amount = forms.IntegerField(label=_("Points"), min_value=1)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(r.pk, r.name) for r in family]


class RewardEditForm(LimitsStatedForm):
    name = forms.CharField(label=_("Reward name"), max_length=limit_of(Reward, "name"))
    kind = forms.ChoiceField(label=_("Type"), choices=RewardKind.choices)
    merchant = forms.CharField(label=_("Merchant"), max_length=limit_of(Reward, "merchant"),
                               required=False)
    cost = forms.IntegerField(label=_("Points"), min_value=1, max_value=100000)
    is_active = forms.BooleanField(label=_("On offer"), required=False)


class RestockForm(forms.Form):
    quantity = forms.IntegerField(
        label=pgettext_lazy("quantity", "Units"), min_value=-10000, max_value=10000,
        help_text=_("A negative number takes unsold units away."))

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value == 0:
            raise forms.ValidationError(_("Enter how many units to add or take away."))
        return value


class RewardFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or merchant"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + RewardKind.choices)
    area = AreaChoiceField(label=_("Community"), queryset=None, required=False)
    on_offer = YesNoField(label=_("On offer"))
    out_of_stock = forms.BooleanField(label=_("Out of stock only"), required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class RedemptionFilterForm(forms.Form):
    code = forms.CharField(label=_("Collection code"), max_length=12, required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All"))] + RedemptionState.choices)
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs=DATE))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=DATE))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data


class RateForm(forms.Form):
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=1000)
    is_active = forms.BooleanField(label=_("In use"), required=False)


class AdjustForm(LimitsStatedForm):
    amount = forms.IntegerField(label=_("Points (+/−)"), min_value=-100000, max_value=100000)
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(PointsEntry, "note"))

    def clean_amount(self):
        value = self.cleaned_data["amount"]
        if value == 0:
            raise forms.ValidationError(_("The amount must not be zero."))
        return value
