"""Forms of the sign-up pages. They parse and present; matching, codes, limits and the
account rules are in services and come back as DomainError on a field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.accounts.forms import PasswordSetForm


class StartForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_number = forms.CharField(
        label=_("ID number"), max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}))
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=30,
        help_text=_("The number your community office has on record: the code is sent there."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel",
                                      "autocomplete": "tel"}))


class AccountForm(PasswordSetForm):
    """Choosing the new account's username and password."""

    username = forms.CharField(
        label=_("Username"), max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    field_order = ["username", "new_password", "new_password2"]


class VerifyForm(AccountForm):
    code = forms.CharField(
        label=pgettext_lazy("verification", "Code"), max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))
    field_order = ["code", "username", "new_password", "new_password2"]


class UnlinkForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
