"""Forms of the case pages. They parse and present; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shequ.territory.filters import AreaFilterField

from .models import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    REPORTER_NAME_MAX,
    TITLE_MAX,
    CaseSource,
    CaseState,
    EscalationLevel,
    Ledger,
    Rating,
    WarningKind,
    WarningLevel,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf",
                                                             "capture": "environment"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


ALL = _("All")


def state_limit(field) -> None:
    """Say the field's limit under it (the browser's maxlength applies it as one types)."""
    n = field.max_length
    hint = ngettext("At most %(n)d character.", "At most %(n)d characters.", n) % {"n": n}
    field.help_text = f"{field.help_text} {hint}".strip() if field.help_text else hint


def _choices(model_choices):
    return [("", ALL), *model_choices]


class QuickSelect(forms.Select):
    """A ``<select>`` written in one pass. Django renders each option through a template of
    its own: for the few hundred areas a district administrator may filter by that was
    ~40 ms of every case-list page. Same markup, flat choices or (group, choices) pairs."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))

        def options(choices):
            return format_html_join("", '<option value="{}"{}>{}</option>', (
                (key, " selected" if key in chosen else "", label)
                for key, label in ((("" if k is None else str(k)), v) for k, v in choices)))

        parts = (format_html('<optgroup label="{}">{}</optgroup>', key, options(label))
                 if isinstance(label, list | tuple) else options([(key, label)])
                 for key, label in self.choices)
        return format_html("<select{}>{}</select>",
                           flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})),
                           format_html_join("", "{}", ((p,) for p in parts)))


class CaseFilterForm(forms.Form):
    ledger = forms.ChoiceField(label=_("Ledger"), required=False,
                               choices=_choices(Ledger.choices))
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=None,
                                      empty_label=_("All"))
    state = forms.ChoiceField(label=_("Status"), required=False,
                              choices=_choices([("open", _("Open")), *CaseState.choices]))
    area = AreaFilterField(widget=QuickSelect)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = forms.DateField(label=_("Received from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Received until"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, categories, areas, **kwargs):
        """``areas``: (id, label) pairs; the view turns the chosen id into the area."""
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["area"].choices = [("", ALL), *areas]


class WarningFilterForm(forms.Form):
    """The warning list's filters; no state chosen means "not closed"."""

    state = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("active", _("Not closed")), ("open", _("Open")), ("acknowledged", _("Acknowledged")),
        ("closed", _("Closed")), ("all", _("All"))])
    level = forms.ChoiceField(label=_("Level"), required=False,
                              choices=_choices(WarningLevel.choices))
    kind = forms.ChoiceField(label=_("Rule"), required=False,
                             choices=_choices(WarningKind.choices))


class IntakeForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    building = forms.ModelChoiceField(label=_("Building"), queryset=None, required=False)
    grid = forms.ModelChoiceField(label=_("Grid (if no building)"), queryset=None,
                                  required=False)
    description = forms.CharField(label=_("What is the matter?"), max_length=DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    title = forms.CharField(label=_("Short title"), max_length=TITLE_MAX, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[
        (CaseSource.VISIT, CaseSource.VISIT.label), (CaseSource.WALK_IN, CaseSource.WALK_IN.label),
        (CaseSource.HOTLINE, CaseSource.HOTLINE.label)])
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=REPORTER_NAME_MAX,
                                    required=False)
    reporter_phone = forms.CharField(label=_("Reporter's phone"), max_length=20, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "tel"}))
    photos = MultipleFileField(label=_("Photos"), required=False)
    duplicate_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The registered resident who reports (chosen from the registry, or confirmed when
    # name and phone match); reporter_checked: staff have answered the question.
    reporter = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reporter_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories, buildings, grids, quick: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = (
            lambda c: f"{c.get_ledger_display()} · {c.name}")
        self.fields["building"].queryset = buildings
        self.fields["grid"].queryset = grids
        if quick:  # the grid worker's phone form: a visit, in one of their buildings
            for name in ("grid", "title", "source"):
                del self.fields[name]
        state_limit(self.fields["description"])


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Grid worker"), queryset=None)
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX)

    def __init__(self, *args, workers, grids, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = workers
        self.fields["grid"].queryset = grids
        if groups is not None:  # shown grouped by grid: (grid, [workers]) pairs
            field = self.fields["assignee"]
            field.choices = [("", field.empty_label), *(
                (grid.name, [(u.pk, str(u)) for u in users]) for grid, users in groups)]


class StepForm(forms.Form):
    """The other steps: one form, the fields a step needs."""

    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.ChoiceField(label=_("Escalate to"), required=False,
                              choices=EscalationLevel.choices)
    rating = forms.ChoiceField(label=_("Rating"), required=False, choices=Rating.choices)
    photos = MultipleFileField(label=_("Photos"), required=False)


class PublicTextForm(forms.Form):
    public_text = forms.CharField(label=_("Public text"), required=False,
                                  max_length=DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}), help_text=_(
                                      "Leave empty to publish the reporter's description "
                                      "(phone and ID numbers masked)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state_limit(self.fields["public_text"])


# -- the resident portal ---------------------------------------------------------------------
class PhoneInput(forms.TextInput):
    """A phone field that never writes a number back into the page: after an error the
    reporter types it again rather than the page carrying it in clear."""

    input_type = "tel"

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(label=_("What kind of matter?"), queryset=None,
                                      empty_label=_("Choose…"))
    community = forms.ModelChoiceField(label=_("Community"), queryset=None,
                                       empty_label=_("Choose…"))
    building = forms.ModelChoiceField(label=_("Building (if you know it)"), queryset=None,
                                      required=False, empty_label=_("Not in a building / not sure"))
    address = forms.CharField(label=_("Where exactly?"), max_length=ADDRESS_MAX, required=False,
                              widget=forms.TextInput(attrs={
                                  "placeholder": _("e.g. compound, building and unit, or a street "
                                                   "and number")}))
    description = forms.CharField(label=_("What is the matter?"), max_length=DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    photos = MultipleFileField(label=_("Photos (up to 3)"), required=False)
    reporter_name = forms.CharField(label=_("Your name (optional)"),
                                    max_length=REPORTER_NAME_MAX, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone number"), max_length=20, required=False,
        widget=PhoneInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, categories, communities, buildings, phone_required: bool,
                 ask_name: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = lambda c: c.name
        field = self.fields["community"]
        field.queryset = communities
        groups: dict[str, list] = {}
        for c in communities:
            groups.setdefault(c.parent.name if c.parent_id else "", []).append((c.pk, c.name))
        field.choices = [("", field.empty_label), *groups.items()]
        self.fields["building"].queryset = buildings
        self.fields["photos"].widget.attrs.pop("capture", None)  # camera or gallery
        self.fields["photos"].widget.attrs["accept"] = "image/*"
        state_limit(self.fields["description"])
        if not ask_name:  # a signed-in resident: the registry knows their name
            del self.fields["reporter_name"]
        if phone_required:
            self.fields["reporter_phone"].required = True
            self.fields["reporter_phone"].widget.attrs["required"] = True
        else:
            self.fields["reporter_phone"].label = _("Phone for the call-back (optional)")
            self.fields["reporter_phone"].help_text = _(
                "Leave empty to be called on the number in your resident record.")


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("How was it handled?"), choices=Rating.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything to add? (optional)"), required=False,
                           max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class StatusLookupForm(forms.Form):
    """The report number from the receipt and the phone the report was made with. The
    phone is never written back into the page."""

    number = forms.CharField(label=_("Report number"), max_length=20, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": _("e.g. 1024")}))
    phone = forms.CharField(label=_("The phone number you reported with"), max_length=20,
                            widget=PhoneInput(attrs={"inputmode": "tel",
                                                     "autocomplete": "tel"}))


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


# -- configuration ---------------------------------------------------------------------------
class CategoryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_(
        "The Open311 service code: lower-case letters, digits, _ or -. It never changes."))
    name = forms.CharField(label=_("Category name"), max_length=40)
    ledger = forms.ChoiceField(label=_("Ledger"), choices=Ledger.choices)
    deadline_working_days = forms.IntegerField(
        label=_("Deadline (working days)"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 90, "inputmode": "numeric"}))
    public = forms.BooleanField(label=_("Open to the public (resident portal and Open311)"),
                                required=False, help_text=_(
                                    "Never for the stability ledger."))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    keywords = forms.CharField(label=_("Keywords (comma-separated)"), max_length=200,
                               required=False)
    order = forms.IntegerField(label=_("Order in lists"), initial=100, min_value=0,
                               max_value=32767)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.BooleanField(label=_("Make-up working day instead of a day off"),
                                    required=False)
    name = forms.CharField(label=_("Holiday name"), max_length=30, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. National Day")}))


class WarningRuleForm(forms.Form):
    """The level, on/off and the thresholds of one rule; the fields follow the rule's
    parameters. Ranges are checked by the service, with the messages people see."""

    is_active = forms.BooleanField(label=_("Active"), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=WarningLevel.choices)

    def __init__(self, *args, params, tags, **kwargs):
        super().__init__(*args, **kwargs)
        for name, spec, _value, default in params:
            help_text = _("Default: %(value)s") % {"value": _default_text(spec, default)}
            if spec.kind == "int":
                field = forms.IntegerField(widget=forms.NumberInput(attrs={
                    "min": int(spec.low), "max": int(spec.high), "inputmode": "numeric"}))
            elif spec.kind == "float":
                field = forms.FloatField(widget=forms.NumberInput(attrs={
                    "min": spec.low, "max": spec.high, "step": "0.1"}))
            elif spec.kind == "ledgers":
                field = forms.MultipleChoiceField(choices=Ledger.choices, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
            else:
                field = forms.ChoiceField(choices=tags)
            field.label, field.help_text = spec.label, help_text
            self.fields[name] = field

    @staticmethod
    def params(data: dict) -> dict:
        """The thresholds among the cleaned data."""
        return {k: v for k, v in data.items() if k not in ("is_active", "level")}


def _default_text(spec, default) -> str:
    if spec.kind == "ledgers":
        return ", ".join(str(Ledger(v).label) for v in default)
    return str(default)
