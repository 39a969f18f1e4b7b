"""HTML forms of the evaluations app: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import PeriodFilter
from shequ.core.freetext import LimitsStatedForm, limit_of
from shequ.core.kit import YesNoField
from shequ.territory.filters import AreaFilterField

from .models import (
    Commitment,
    CommitmentAction,
    CommitmentState,
    LinkKind,
    QuestionKind,
    Questionnaire,
    Round,
    RoundKind,
)

DT = {"type": "datetime-local"}
DAY = {"type": "date"}
KINDS = {"single": QuestionKind.SINGLE, "multiple": QuestionKind.MULTIPLE,
         "scale": QuestionKind.SCALE, "text": QuestionKind.TEXT}
QUESTIONS_HELP = _("One question a line: “scale: text”, “single: text | option | option”, "
                   "“multiple: text | option | option”, “text: text”. “scale@name: text” rates "
                   "a named cadre; a “?” after the type makes the question optional.")


def parse_questions(raw: str) -> list[dict]:
    """The questions typed one per line (see ``QUESTIONS_HELP``), as the service takes
    them; a line of unknown type is refused naming its number."""
    out = []
    for n, line in enumerate((raw or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, sep, rest = line.partition(":")
        if not sep:
            head, sep, rest = line.partition("：")
        head = head.strip().lower()
        optional = head.endswith("?") or head.endswith("？")
        head = head.rstrip("?？")
        head, _at, subject = head.partition("@")
        if head not in KINDS:
            raise forms.ValidationError(
                gettext("Line %(n)d: start with scale:, single:, multiple: or text:.")
                % {"n": n})
        text, *options = [p.strip() for p in rest.split("|")]
        out.append({"kind": KINDS[head], "text": text, "options": options,
                    "required": not optional, "subject": subject.strip()})
    return out


class QuestionnaireForm(LimitsStatedForm):
    area = forms.ModelChoiceField(label=pgettext_lazy("area", "Owned by"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=limit_of(Questionnaire, "title"))
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(Questionnaire, "description"),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)
    questions = forms.CharField(label=_("Questions"), help_text=QUESTIONS_HELP,
                                widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    def clean_questions(self):
        return parse_questions(self.cleaned_data["questions"])


class RoundForm(LimitsStatedForm):
    kind = forms.ChoiceField(label=_("Type"), choices=RoundKind.choices)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=limit_of(Round, "title"))
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=None,
        help_text=_("A survey's questions; in a two-way round, the community's about each "
                    "unit."))
    leadership_questionnaire = forms.ModelChoiceField(
        label=_("Units' questionnaire about the community"), queryset=None, required=False)
    opens_at = forms.DateTimeField(label=_("Opens"), widget=forms.DateTimeInput(attrs=DT))
    closes_at = forms.DateTimeField(label=_("Closes"), widget=forms.DateTimeInput(attrs=DT))
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs=DAY))
    period_end = forms.DateField(label=_("Period until"), widget=forms.DateInput(attrs=DAY))

    def __init__(self, *args, areas, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["leadership_questionnaire"].queryset = questionnaires


def answer_form(questions, data=None) -> forms.Form:
    """A form of one field per question (``q<id>``), for the page that answers a round."""
    form = forms.Form(data)
    for q in questions:
        label, name = q.text, f"q{q.pk}"
        if q.kind == QuestionKind.SCALE:
            field = forms.TypedChoiceField(
                label=label, required=q.required, coerce=int, widget=forms.RadioSelect,
                choices=[(i, str(i)) for i in range(1, 6)])
        elif q.kind == QuestionKind.SINGLE:
            field = forms.TypedChoiceField(label=label, required=q.required, coerce=int,
                                           widget=forms.RadioSelect,
                                           choices=list(enumerate(q.options)))
        elif q.kind == QuestionKind.MULTIPLE:
            field = forms.TypedMultipleChoiceField(label=label, required=q.required,
                                                   coerce=int,
                                                   widget=forms.CheckboxSelectMultiple,
                                                   choices=list(enumerate(q.options)))
        else:
            field = forms.CharField(label=label, required=q.required, max_length=500,
                                    widget=forms.Textarea(attrs={"rows": 2}))
        form.fields[name] = field
    return form


def answers_of(form: forms.Form) -> dict:
    """{question id: value} of a valid answer form."""
    return {int(k[1:]): v for k, v in form.cleaned_data.items()}


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All")), *RoundKind.choices])
    open_now = YesNoField(label=_("Open now"))
    area = AreaFilterField()


class OfferForm(forms.Form):
    selection = forms.ModelChoiceField(label=_("Selection (评先选优)"), queryset=None)
    size = forms.IntegerField(label=_("Units"), min_value=1, max_value=20, initial=5)

    def __init__(self, *args, selections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selection"].queryset = selections


class CommitmentForm(LimitsStatedForm):
    part_timer = forms.ModelChoiceField(
        label=_("For part-time committee member"), queryset=None, required=False,
        help_text=_("Empty: your own commitment as a party member."))
    title = forms.CharField(label=_("Commitment"), max_length=limit_of(Commitment, "title"))
    body = forms.CharField(label=_("Details"), required=False,
                           max_length=limit_of(Commitment, "body"),
                           widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs=DAY))
    period_end = forms.DateField(label=_("Period until"), widget=forms.DateInput(attrs=DAY))

    def __init__(self, *args, part_timers, **kwargs):
        super().__init__(*args, **kwargs)
        if part_timers is None:
            del self.fields["part_timer"]
        else:
            self.fields["part_timer"].queryset = part_timers


class ActionForm(LimitsStatedForm):
    note = forms.CharField(label=_("What was done"),
                           max_length=limit_of(CommitmentAction, "note"),
                           widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs=DAY))
    progress = forms.IntegerField(label=_("Progress %"), required=False)
    evidence = forms.FileField(label=_("Photo or PDF"), required=False)
    link_kind = forms.ChoiceField(label=_("Linked record"), required=False,
                                  choices=[("", "—"), *LinkKind.choices])
    link_id = forms.IntegerField(label=_("Record number"), required=False, min_value=1)


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Report (述诺)"), max_length=limit_of(Commitment, "report"),
                             widget=forms.Textarea(attrs={"rows": 4}))


class RateForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Rating"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(i, str(i)) for i in range(1, 6)])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=300)


class CommitmentFilterForm(PeriodFilter):
    """``since``/``until`` are days the commitment was reported on."""

    q = forms.CharField(label=_("Name or title"), max_length=40, required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All")), *CommitmentState.choices])
    overdue = YesNoField(label=_("Overdue"))
    area = AreaFilterField()
    field_order = ["q", "area", "state", "overdue", "since", "until"]
