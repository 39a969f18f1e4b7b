"""Forms of the shell: sign-in (with the lockout message) and the audit-log filter."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shequ.accounts.services import is_locked_out

from .selectors import AuditFilters


class LoginForm(AuthenticationForm):
    """Django's sign-in form. The lockout itself is enforced by the authentication backend;
    this form only tells a locked-out user why, and says nothing more specific than
    "wrong username or password" otherwise."""

    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("Wrong username or password."),
        "locked_out": _(
            "Too many failed sign-ins: this account is locked for 15 minutes. "
            "Try again later or ask the security administrator."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def _locked(self) -> bool:
        username = self.cleaned_data.get("username")
        return bool(username) and is_locked_out(username)

    def clean(self):
        if self._locked():
            raise ValidationError(self.error_messages["locked_out"], code="locked_out")
        try:
            return super().clean()
        except ValidationError:
            if self._locked():  # this failure was the one that locked the account
                raise ValidationError(
                    self.error_messages["locked_out"], code="locked_out"
                ) from None
            raise


# Labels for the actions the foundation records; other apps' actions show their code.
ACTION_LABELS = {
    "create": _("Created"),
    "update": _("Changed"),
    "deactivate": _("Deactivated"),
    "reveal": _("Viewed personal data"),
    "grant": _("Role granted"),
    "revoke": _("Role removed"),
    "unlock": _("Lockout lifted"),
    "token_create": _("API token issued"),
    "token_revoke": _("API token revoked"),
    "link_user": _("Account linked to resident"),
    "reactivate": _("Reactivated"),
    "password_reset": _("Password reset"),
    "password_change": _("Password changed"),
    "import": _("Roster imported"),
    "export": _("Data exported"),
    "download": _("Export downloaded"),
    "move": _("Moved"),
    "rotate_keys": _("Encryption keys rotated"),
    "case_create": _("Case registered"),
    "warning_raise": _("Early warning raised"),
    "warning_close": _("Early warning closed"),
    "vote": _("Voted"),
    "verify": _("Service hours verified"),
    "open311_client_issue": _("Open311 key issued"),
    "open311_client_revoke": _("Open311 key revoked"),
    "audit_archive": _("Audit records archived"),
    "retention": _("Expired data removed"),
    "data_request": _("Personal data request logged"),
    "data_request_close": _("Personal data request answered"),
}


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, max_length=40,
                             widget=forms.TextInput(attrs={"list": "audit-actions"}))
    entity = forms.CharField(label=_("Record type"), required=False, max_length=60)
    entity_id = forms.CharField(label=_("Record number"), required=False, max_length=40)
    actor = forms.CharField(label=_("User"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        d = self.cleaned_data
        return AuditFilters(
            action=d["action"].strip(),
            entity=d["entity"].strip(),
            entity_id=d["entity_id"].strip(),
            actor=d["actor"].strip(),
            date_from=d["date_from"],
            date_to=d["date_to"],
        )
