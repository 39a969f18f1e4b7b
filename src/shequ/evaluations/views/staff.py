"""Staff pages of 干部联评: questionnaires, rounds, a round's response rates and results,
closing it, computing its assessments and offering the best-rated units to 评先选优."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from shequ.campaigns import selectors as campaign_selectors
from shequ.campaigns.models import SelectionState
from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act
from shequ.territory.filters import AreaFiltered

from .. import selectors, services
from ..forms import OfferForm, QuestionnaireForm, RoundFilterForm, RoundForm
from ..models import Direction, RoundKind
from ..policies import Action, round_policy


def _round_url(r) -> str:
    return reverse("evaluations:round-detail", args=[r.pk])


def _window(r) -> str:
    return (f"{timezone.localtime(r.opens_at):%Y-%m-%d %H:%M} – "
            f"{timezone.localtime(r.closes_at):%Y-%m-%d %H:%M}")


class RoundList(AreaFiltered, ListPage):
    title, action = gettext_lazy("Evaluations and surveys"), Action.VIEW_EVALUATIONS
    columns = [
        Column(gettext_lazy("Title"), "title", link=_round_url),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Area"), "area.name"),
        Column(pgettext_lazy("window", "Open"), _window),
        Column(gettext_lazy("Responses"), "response_count"),
    ]
    filter_form = RoundFilterForm
    row_key, empty_text = "round", gettext_lazy("No rounds yet.")
    download_name, download_action = "evaluation-rounds", Action.VIEW_EVALUATIONS

    def rows(self, filters):
        qs = selectors.round_list(actor=self.request.user, kind=filters.get("kind", ""),
                                  open_now=filters.get("open_now"))
        if filters.get("q"):
            qs = qs.filter(title__startswith=filters["q"])
        return self.in_area(qs, filters)

    def actions(self):
        if round_policy.holds(self.request.user, Action.MANAGE_EVALUATIONS):
            yield _("New round"), reverse("evaluations:round-new")
            yield _("Questionnaires"), reverse("evaluations:questionnaire-list")
        yield _("Commitments"), reverse("evaluations:commitment-list")


class QuestionnaireList(ListPage):
    title, action = gettext_lazy("Questionnaires"), Action.MANAGE_EVALUATIONS
    columns = [
        Column(gettext_lazy("Title"), "title"),
        Column(pgettext_lazy("area", "Owned by"), "area.name"),
        Column(gettext_lazy("Anonymous"), "anonymous"),
        Column(gettext_lazy("Questions"), "question_count"),
    ]
    row_key, empty_text = "questionnaire", gettext_lazy("No questionnaires yet.")

    def rows(self, filters):
        return selectors.questionnaire_list(actor=self.request.user)

    def actions(self):
        yield _("New questionnaire"), reverse("evaluations:questionnaire-new")


class QuestionnaireNew(FormPage):
    form_class, action = QuestionnaireForm, Action.MANAGE_EVALUATIONS
    title = gettext_lazy("New questionnaire")
    success_message = gettext_lazy("The questionnaire is saved. Put it to evaluators in a "
                                   "round.")

    def form_kwargs(self, obj):
        return {"areas": selectors.areas_for(self.request.user, self.action)}

    def save(self, obj, data):
        return services.questionnaire_create(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("evaluations:questionnaire-list")

    def back_url(self, obj):
        return reverse("evaluations:questionnaire-list")


class RoundNew(FormPage):
    form_class, action = RoundForm, Action.MANAGE_EVALUATIONS
    title = gettext_lazy("New round")
    hint = gettext_lazy("A two-way round takes the units on the 大党委s of the area as they "
                        "are now.")

    def form_kwargs(self, obj):
        user = self.request.user
        return {"areas": selectors.areas_for(user, self.action),
                "questionnaires": selectors.questionnaire_list(actor=user)}

    def save(self, obj, data):
        return services.round_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _round_url(row)

    def back_url(self, obj):
        return reverse("evaluations:round-list")


@login_required
def round_detail(request, round_id):
    """A round for staff: response rates (per community), results per question and per
    unit, the pairs to rate, and the buttons (close, compute, offer)."""
    user = request.user
    r = selectors.round_results_get_for_actor(user, round_id)
    manage = round_policy.can(user, Action.MANAGE_EVALUATIONS, r)
    two_way = r.kind == RoundKind.TWO_WAY
    direction = request.GET.get("direction", "")
    if direction not in (Direction.UNITS, Direction.LEADERSHIP):
        direction = Direction.UNITS if two_way else Direction.SURVEY
    area = selectors.results_area(user, r)
    ctx = {"round": r, "manage": manage, "two_way": two_way, "direction": direction,
           "rate": round_policy.holds(user, Action.MANAGE_EVALUATIONS),
           "window": _window(r), "open": r.is_open(timezone.now()),
           "rates": selectors.response_rates(r, area_path=area),
           "results": selectors.question_results(r, direction, area_path=area)}
    if two_way:
        ctx.update(pairs=list(selectors.pair_list(actor=user, round=r)[:200]),
                   scores=list(selectors.unit_scores(r, area_path=area)[:200]),
                   assessments=list(selectors.assessment_list(actor=user, round=r)[:200]),
                   formula=services.FORMULA)
        if manage and r.results_at:
            ctx["offer"] = OfferForm(selections=_selections(user))
    return render(request, "evaluations/round_detail.html", ctx)


def _selections(user):
    return campaign_selectors.selection_list(actor=user, state=SelectionState.NOMINATING)


@login_required
@require_POST
def round_close(request, round_id):
    r = selectors.round_get_for_actor(request.user, round_id)
    return act(request, services.round_close, _("The round is closed."), _round_url(r), round=r)


@login_required
@require_POST
def results_compute(request, round_id):
    r = selectors.round_get_for_actor(request.user, round_id)
    return act(request, services.results_compute,
               lambda n: _("%(n)d assessments stored.") % {"n": n}, _round_url(r), round=r)


@login_required
@require_POST
def candidates_offer(request, round_id):
    user = request.user
    r = selectors.round_get_for_actor(user, round_id)
    form = OfferForm(request.POST, selections=_selections(user))
    if not form.is_valid():
        raise NotFound(field="selection")
    selection = form.cleaned_data["selection"]
    return act(request, services.candidates_offer,
               lambda rows: _("%(n)d units nominated.") % {"n": len(rows)},
               reverse("campaigns:selection-detail", args=[selection.pk]),
               round=r, selection=selection, size=form.cleaned_data["size"])
