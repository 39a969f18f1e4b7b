"""Forms of the account pages. They parse and present; the rules (scope, password
strength, 三权分立) are in services and come back as DomainError on a field."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .roles import OPERATOR_MANAGED_ROLES, Role
from .services import DISPLAY_NAME_MAX


def grantable_role_choices() -> list[tuple[str, str]]:
    """Roles a system administrator may grant (not the security and audit roles)."""
    return [(value, label) for value, label in Role.choices
            if value not in OPERATOR_MANAGED_ROLES]


def area_choices(areas) -> list[tuple[str, str]]:
    """Areas in tree order, indented by level so the select reads as a tree."""
    return [(str(a.pk), "\u3000" * a.depth + a.name) for a in areas]


class AreaChoiceField(forms.ChoiceField):
    """A select of areas; the view maps the chosen id back through a scoped selector."""


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                      "placeholder": _("Username or name")}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    area = AreaChoiceField(label=_("Area"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), ("active", pgettext_lazy("account status", "Active")),
        ("inactive", pgettext_lazy("account status", "Deactivated")),
    ])

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles"))] + list(Role.choices)
        self.fields["area"].choices = [("", _("All areas"))] + area_choices(areas)


class _PasswordField(forms.CharField):
    def __init__(self, label, autocomplete="new-password", help_text=""):
        super().__init__(label=label, strip=False, max_length=256,
                         widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
                         help_text=help_text)


def _password_help() -> str:
    return " ".join(password_validators_help_texts())


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    display_name = forms.CharField(label=_("Display name"), max_length=DISPLAY_NAME_MAX,
                                   required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False,
        help_text=_("The owner's own address: the link to choose the password goes there."),
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30,
        help_text=_("Mobile or landline with area code; stored encrypted, shown masked."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    home_area = AreaChoiceField(
        label=_("Home area"),
        help_text=_("The area whose system administrators look after this account."),
    )
    role = forms.ChoiceField(label=_("First role (optional)"), required=False,
                             help_text=_("Granted over the home area."))

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_area"].choices = area_choices(areas)
        self.fields["role"].choices = [("", "—")] + grantable_role_choices()


class UserEditForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=DISPLAY_NAME_MAX,
                                   required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30,
        help_text=_("Leave empty to keep the recorded number; enter a new one to replace it."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    clear_phone = forms.BooleanField(label=_("Remove the recorded phone"), required=False)
    home_area = AreaChoiceField(
        label=_("Home area"),
        help_text=_("The area whose system administrators look after this account."),
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_area"].choices = area_choices(areas)


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    area = AreaChoiceField(label=_("Area"))

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—")] + grantable_role_choices()
        self.fields["area"].choices = [("", "—")] + area_choices(areas)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class PasswordSetForm(forms.Form):
    """Choosing a password (through a one-time reset link; the base of the change form)."""

    new_password = _PasswordField(_("New password"))
    new_password2 = _PasswordField(_("New password again"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = _password_help()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("new_password"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class PasswordChangeForm(PasswordSetForm):
    old_password = _PasswordField(_("Current password"), autocomplete="current-password")
    field_order = ["old_password", "new_password", "new_password2"]


class OtpForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery "
                    "codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autocapitalize": "none", "autofocus": True}),
    )
