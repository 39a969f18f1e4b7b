"""Forms of the online party branch pages. Amounts are read as text and parsed by the
services (``Decimal``, two decimals), so the page refuses what the API refuses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.notices.forms import MultipleFileField
from shequ.territory.filters import AreaFilterField

from .models import DuesCategory, PaymentMethod, PostKind, TransferState

OPEN = "open"  # requested or sent: a transfer not yet confirmed (what the dashboard counts)


class MonthField(forms.DateField):
    """A month as <input type="month"> (2026-03), the first day of it."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]


def _date() -> forms.DateField:
    return forms.DateField(label=_("Date"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}))


class ProfileForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=DuesCategory.choices)
    base = forms.CharField(label=_("Monthly income after tax (yuan)"), required=False,
                           max_length=14,
                           help_text=_("Needed for members in work and retirees."))
    since = MonthField(label=_("Due from"))


class ReasonForm(forms.Form):
    """Why a book-keeper needs a member's income in clear (kept in the audit trail)."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class PaymentForm(forms.Form):
    # A select of the branch's members, read as a number: a member of another branch is
    # the service's refusal (not_in_branch), as on the API.
    member = forms.IntegerField(label=_("Member"), widget=forms.Select)
    month = MonthField(label=_("Month"))
    amount = forms.CharField(label=_("Amount (yuan)"), required=False, max_length=14,
                             help_text=_("Empty: the member's monthly dues."))
    method = forms.ChoiceField(label=_("Method"),
                               choices=[c for c in PaymentMethod.choices
                                        if c[0] != PaymentMethod.BANK_IMPORT])
    paid_on = _date()
    reference = forms.CharField(label=_("Reference"), required=False, max_length=60)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget.choices = [(m.pk, m.resident.name) for m in members]
        self.fields["paid_on"].label = _("Paid on")


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (.xlsx, .xls, .csv)"))


class ArrearsFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=40)


class TransferForm(forms.Form):
    to_org = forms.TypedChoiceField(label=_("Receiving organisation in the district"),
                                    coerce=int, required=False, empty_value=None)
    to_external = forms.CharField(label=_("Or an organisation outside the district"),
                                  required=False, max_length=100)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
    letter_number = forms.CharField(label=_("Introduction letter number"), required=False,
                                    max_length=40)
    requested_on = _date()

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = [("", "")] + [(o.pk, o.name) for o in orgs]


class SendForm(forms.Form):
    letter_number = forms.CharField(label=_("Introduction letter number"), max_length=40)
    sent_on = _date()


class ConfirmForm(forms.Form):
    confirmed_on = _date()


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), max_length=200)


class TransferFilterForm(forms.Form):
    """The area is where the transfer leaves from (where it arrives with "into")."""

    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All")), (OPEN, _("Pending"))]
                              + list(TransferState.choices))
    direction = forms.ChoiceField(label=_("Direction"), required=False,
                                  choices=[("", _("All")), ("out", _("Out of my branches")),
                                           ("in", _("Into my branches"))])
    area = AreaFilterField()


class BranchFilterForm(forms.Form):
    area = AreaFilterField()


class PostForm(forms.Form):
    org = forms.TypedChoiceField(label=_("Branch"), coerce=int)
    kind = forms.ChoiceField(label=_("Type"), choices=PostKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea, max_length=8000)
    files = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in branches]
