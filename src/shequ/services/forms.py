"""HTML forms of 民生联解: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.figures import PeriodFilter
from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField
from shequ.territory.filters import AreaFilterField

from .models import (
    Authorisation,
    CatalogueItem,
    Channel,
    Opinion,
    OpinionSession,
    Outcome,
    Payer,
    RequestChannel,
    RequestState,
    ServiceRequest,
    Theme,
    Visit,
)

DATE = {"type": "date"}
RATINGS = [(n, "★" * n) for n in range(5, 0, -1)]
OPEN = "open"  # the request list's "any open state" (what the dashboard counts as open)


class ItemForm(LimitsStatedForm):
    """``areas`` when creating (the code is fixed once created)."""

    area = forms.ModelChoiceField(label=_("Offered in"), queryset=None)
    code = forms.SlugField(label=_("Code"), max_length=limit_of(CatalogueItem, "code"))
    name = forms.CharField(label=pgettext_lazy("thing", "Name"),
                           max_length=limit_of(CatalogueItem, "name"))
    department = forms.CharField(label=_("Owning department"),
                                 max_length=limit_of(CatalogueItem, "department"))
    materials = forms.CharField(label=_("Required materials"), required=False,
                                max_length=limit_of(CatalogueItem, "materials"),
                                help_text=_("One per line."),
                                widget=forms.Textarea(attrs={"rows": 4}))
    time_limit_days = forms.IntegerField(label=_("Legal time limit (working days)"),
                                         min_value=0, max_value=120)
    fee = forms.DecimalField(label=_("Fee (yuan)"), min_value=0, max_digits=8,
                             decimal_places=2, required=False)
    payer = forms.ChoiceField(label=_("Who pays"), choices=Payer.choices)
    channel = forms.ChoiceField(label=_("Online/offline"), choices=Channel.choices)
    counter = forms.CharField(label=_("Counter"), max_length=limit_of(CatalogueItem, "counter"))
    home_service = forms.BooleanField(label=_("Can be done at home"), required=False)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is None:
            del self.fields["area"], self.fields["code"]
        else:
            self.fields["area"].queryset = areas


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or department"), max_length=40, required=False)
    retired = YesNoField(label=pgettext_lazy("item", "Retired"))


class ResidentSearchForm(forms.Form):
    q = forms.CharField(label=_("Resident"), max_length=40, required=False)


class RequestForm(LimitsStatedForm):
    """A request for one resident: the items offered where they live, and for staff the
    channel and the resident's valid authorisations (代办)."""

    item = forms.ModelChoiceField(label=_("Service"), queryset=None)
    channel = forms.ChoiceField(label=_("Taken in"), choices=[
        (RequestChannel.COUNTER, RequestChannel.COUNTER.label),
        (RequestChannel.VISIT, RequestChannel.VISIT.label)])
    authorisation = forms.ModelChoiceField(label=_("代办 authorisation"), queryset=None,
                                           required=False,
                                           help_text=_("When the community acts for them."))
    home_service = forms.BooleanField(label=_("Home service"), required=False,
                                      help_text=_("Offered to elderly people living alone "
                                                  "and disabled residents."))
    note = forms.CharField(label=_("Note"), required=False,
                           max_length=limit_of(ServiceRequest, "note"),
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, authorisations=None, home_service=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        if authorisations is None:  # the resident asking for themselves
            del self.fields["channel"], self.fields["authorisation"]
        else:
            self.fields["authorisation"].queryset = authorisations
        if not home_service:
            del self.fields["home_service"]


class RequestFilterForm(PeriodFilter):
    """``since``/``until`` are the days the request was received on, or was rated on when
    a ``rating`` is chosen (the dashboard counts ratings by the day they were given)."""

    state = forms.ChoiceField(
        label=_("State"), required=False,
        choices=[("", _("All")), (OPEN, pgettext_lazy("service request", "Open")),
                 *RequestState.choices])
    overdue = YesNoField(label=_("Overdue"))
    rating = forms.TypedChoiceField(label=_("Rated at least"), required=False, coerce=int,
                                    empty_value=None,
                                    choices=[("", _("All")), *RATINGS])
    area = AreaFilterField()
    field_order = ["area", "state", "overdue", "rating", "since", "until"]


class HandOffForm(forms.Form):
    to = forms.CharField(label=_("Hand to"), max_length=60)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Satisfaction"), coerce=int, choices=RATINGS)
    comment = forms.CharField(label=pgettext_lazy("rating", "Comment"), max_length=200,
                              required=False)


class AuthorisationForm(LimitsStatedForm):
    granted_by = forms.CharField(label=_("Authorised by"),
                                 max_length=limit_of(Authorisation, "granted_by"),
                                 help_text=_("The resident, or the relative who signed."))
    purpose = forms.CharField(label=_("For what"), max_length=limit_of(Authorisation, "purpose"))
    item = forms.ModelChoiceField(label=_("Service"), queryset=None, required=False,
                                  help_text=_("Empty: any service."))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class VisitForm(LimitsStatedForm):
    resident = forms.ModelChoiceField(label=_("Resident met"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), max_length=limit_of(Visit, "note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    theme = forms.ChoiceField(label=_("Opinion heard (theme)"), required=False,
                              choices=[("", _("None"))] + Theme.choices)
    opinion = forms.CharField(label=_("Opinion heard"), max_length=limit_of(Opinion, "text"),
                              required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("民情代述: write it down for the resident."))

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents


class SessionForm(LimitsStatedForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=limit_of(OpinionSession, "title"))
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), max_length=limit_of(OpinionSession, "place"),
                            required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class OpinionForm(LimitsStatedForm):
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    speaker = forms.CharField(label=_("Speaker"), max_length=limit_of(Opinion, "speaker"),
                              required=False)
    text = forms.CharField(label=_("Opinion"), max_length=limit_of(Opinion, "text"),
                           widget=forms.Textarea(attrs={"rows": 3}))


class OpinionFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False,
                              choices=[("", _("All"))] + Theme.choices)
    outcome = forms.ChoiceField(label=pgettext_lazy("request", "Outcome"), required=False,
                                choices=[("", _("All"))] + Outcome.choices)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer given"), max_length=limit_of(Opinion, "answer"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class FileCaseForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Case category"), queryset=None)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class ReferForm(forms.Form):
    deliberation_ref = forms.IntegerField(label=_("Deliberation matter no."), min_value=1,
                                          required=False)
