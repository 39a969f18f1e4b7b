"""HTML forms of the notices app: they parse input; the services decide (scope, roles,
dates, attachments)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.accounts.roles import Role

from . import channels
from .models import Cadence, Notice

DT = {"type": "datetime-local"}
KINDS = [("*", _("All kinds")), ("notice", _("Notices")),
         ("notice_reminder", _("Notice reminders")), ("case_assigned", _("Cases assigned")),
         ("volunteer_assignment", _("Volunteer assignments")),
         ("dual_registration", _("Dual-reporting decisions"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service checks them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class NoticeForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Addressed to"), queryset=None,
                                  help_text=_("The area and everything under it."))
    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False, choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for everybody with a role there."))
    org_ids = forms.TypedMultipleChoiceField(
        label=_("Party organisations"), required=False, coerce=int,
        help_text=_("Choose organisations to send to their members instead of the roles."))
    title = forms.CharField(label=_("Title"), max_length=Notice._meta.get_field("title").max_length)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=Notice._meta.get_field("body").max_length)
    publish_at = forms.DateTimeField(label=_("Publish at"), required=False,
                                     widget=forms.DateTimeInput(attrs=DT),
                                     help_text=_("Leave empty to publish now."))
    expires_at = forms.DateTimeField(label=_("Expires at"), required=False,
                                     widget=forms.DateTimeInput(attrs=DT))
    files = MultipleFileField(label=_("Attachments"), required=False,
                              help_text=_("PDF, Word, Excel, JPEG or PNG; at most five files of "
                                          "10 MB each."))

    def __init__(self, *args, areas=None, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        if orgs:
            self.fields["org_ids"].choices = orgs
        else:
            del self.fields["org_ids"]


class NotificationFilterForm(forms.Form):
    unread = forms.BooleanField(label=_("Unread only"), required=False)


class NoticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False, max_length=60)


class PreferenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    cadence = forms.ChoiceField(label=pgettext_lazy("sent", "When"), choices=Cadence.choices,
                                help_text=_("What needs action is sent at once whatever "
                                            "you choose."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"console": _("Console"), "sms": _("Text message"), "wechat": _("WeChat")}
        self.fields["channel"].choices = [("", _("In the app only"))] + [
            (n, labels.get(n, n)) for n in channels.names()]
