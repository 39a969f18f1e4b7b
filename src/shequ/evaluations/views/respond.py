"""Answering: a resident's survey, a community's rating of a unit (with the unit's 双报到
record and resources' use beside the form — evidence beside opinion), a unit's rating of
its community, and the list of what the person is asked to answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.kit import save_form

from .. import selectors, services
from ..forms import answer_form, answers_of
from ..models import Direction


@login_required
def my_rounds(request):
    return render(request, "evaluations/my_rounds.html",
                  {"items": selectors.my_rounds(request.user)})


@login_required
def respond(request, round_id):
    """A survey, answered by a resident of its area."""
    r = selectors.round_get_for_actor(request.user, round_id)
    return _answer(request, r, None, Direction.SURVEY)


@login_required
def respond_pair(request, round_id, pair_id, direction):
    """A two-way round: the community rates a unit (``units``, staff), or a unit rates its
    community (``leadership``, the unit's liaison)."""
    r = selectors.round_get_for_actor(request.user, round_id)
    pair = selectors.pair_for_answer(request.user, r, pair_id, direction)
    return _answer(request, r, pair, direction)


def _answer(request, r, pair, direction):
    user = request.user
    questions = services.questions_for(r, direction)
    form = answer_form(questions, request.POST if request.method == "POST" else None)
    back = reverse("evaluations:my-rounds")
    if direction == Direction.UNITS:
        back = reverse("evaluations:round-detail", args=[r.pk])
    if request.method == "POST" and form.is_valid():
        done = save_form(form, services.response_submit, actor=user, round=r,
                         answers=answers_of(form), pair=pair,
                         direction="" if pair is None else direction)
        if done is not None:
            messages.success(request, _("Thank you: your answers are recorded."))
            return redirect(back)
    evidence = None
    if direction == Direction.UNITS and pair is not None:
        evidence = selectors.unit_evidence(user, pair.unit, r.period_start, r.period_end)
    return render(request, "evaluations/respond.html", {
        "round": r, "pair": pair, "direction": direction, "form": form, "back": back,
        "evidence": evidence, "open": r.is_open(timezone.now()),
        "anonymous": services.questionnaire_for(r, direction).anonymous},
        status=400 if form.errors else 200)
