"""Forms of the shell: sign-in (with the lockout message) and the audit-log filter."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shequ.accounts.services import is_locked_out, login_failure_record
from shequ.core.clientip import client_ip
from shequ.core.errors import ErrorCode

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
            login_failure_record(username=self.cleaned_data["username"],
                                 ip=client_ip(self.request), counted=False)
            raise ValidationError(self.error_messages["locked_out"], code=ErrorCode.LOCKED_OUT)
        try:
            return super().clean()
        except ValidationError:
            if self._locked():  # this failure was the one that locked the account
                raise ValidationError(
                    self.error_messages["locked_out"], code=ErrorCode.LOCKED_OUT
                ) from None
            raise


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, max_length=40,
                             widget=forms.TextInput(attrs={"list": "audit-actions"}))
    entity = forms.CharField(label=_("Record type"), required=False, max_length=60,
                             widget=forms.TextInput(attrs={"list": "audit-entities"}))
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
