"""Forms of the service-record pages: verify, reject, and past service entered by hand.
They parse input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of

from .models import ServiceRecord


class VerifyForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=720, required=False)


class RejectForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"), max_length=limit_of(ServiceRecord, "note"))


class RecordEntryForm(LimitsStatedForm):
    """Past service entered by hand: the day, from and to, what was done and why it was
    not checked in. The service checks the times; the form only parses them."""

    title = forms.CharField(label=_("Work"), max_length=limit_of(ServiceRecord, "title"))
    served_on = forms.DateField(label=_("Date"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(
        label=_("Why it is entered by hand"),
        max_length=limit_of(ServiceRecord, "entry_reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: signed on the paper sheet, the QR code could not be "
                    "scanned."))

    @staticmethod
    def times(d: dict) -> tuple[dt.datetime, dt.datetime]:
        """The moments the cleaned ``d`` gives, from and to."""
        return (timezone.make_aware(dt.datetime.combine(d["served_on"], d["start"])),
                timezone.make_aware(dt.datetime.combine(d["served_on"], d["end"])))
