"""民情说吧 pages: sessions, a session's opinions grouped by theme with the form to add
one, every opinion with its filters, and an opinion's page (answer, file as a case,
refer to deliberation)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act_form
from shequ.ledgers.selectors import category_list
from shequ.territory.selectors import communities_for

from .. import selectors, services
from ..forms import AnswerForm, FileCaseForm, OpinionFilterForm, OpinionForm, ReferForm, SessionForm
from ..models import Outcome, Theme
from ..policies import Action, opinion_policy


class SessionList(ListPage):
    title, action = gettext_lazy("民情说吧"), Action.RECORD_OPINIONS
    row_key, empty_text = "session", pgettext_lazy("opinion", "No sessions yet.")
    columns = [
        Column(gettext_lazy("Title"), "title",
               link=lambda s: reverse("services:session-detail", args=[s.pk])),
        Column(gettext_lazy("Held on"), "held_on"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Place"), "place"),
        Column(gettext_lazy("Opinions"), "opinion_count"),
    ]

    def rows(self, filters):
        return selectors.session_list(actor=self.request.user)

    def actions(self):
        yield _("New session"), reverse("services:session-new")
        yield _("All opinions"), reverse("services:opinion-list")


class SessionNew(FormPage):
    form_class, title, action = SessionForm, gettext_lazy("New 民情说吧 session"), \
        Action.RECORD_OPINIONS

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, Action.RECORD_OPINIONS,
                                               grids_count=True)}

    def save(self, obj, data):
        return services.session_create(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("services:session-detail", args=[row.pk])

    def back_url(self, obj):
        return reverse("services:session-list")


def _themes(actor, session=None) -> list[dict]:
    labels = dict(Theme.choices)
    rows = selectors.opinions_by_theme(actor=actor, session=session)
    for r in rows:
        r["label"] = labels.get(r["theme"], r["theme"])
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request, session_id):
    user = request.user
    session = selectors.session_get_for_actor(user, session_id)
    back = reverse("services:session-detail", args=[session.pk])
    if request.method == "POST":
        return act_form(request, OpinionForm(request.POST), services.opinion_record,
                        _("The opinion is recorded."), back, session=session)
    return render(request, "services/session_detail.html", {
        "session": session, "themes": _themes(user, session),
        "opinions": selectors.opinion_list(actor=user, session=session)[:300],
        "form": OpinionForm()})


class OpinionList(ListPage):
    title, action = gettext_lazy("Opinions"), Action.RECORD_OPINIONS
    filter_form = OpinionFilterForm
    row_key, empty_text = "opinion", gettext_lazy("No opinions.")
    download_name = "opinions"
    columns = [
        Column(gettext_lazy("Opinion"), lambda o: o.text[:40],
               link=lambda o: reverse("services:opinion-detail", args=[o.pk])),
        Column(gettext_lazy("Theme"), "get_theme_display"),
        Column(gettext_lazy("Speaker"), "speaker"),
        Column(pgettext_lazy("request", "Outcome"), "get_outcome_display"),
        Column(gettext_lazy("Answer given"), "answer", page=False),
    ]

    def rows(self, filters):
        return selectors.opinion_list(actor=self.request.user, theme=filters.get("theme", ""),
                                      outcome=filters.get("outcome", ""))

    def context(self):
        return {"themes": _themes(self.request.user)}

    template_name = "services/opinion_list.html"


OPINION_ACTS = {
    "answer": (AnswerForm, services.opinion_answer, gettext_lazy("The answer is recorded.")),
    "case": (FileCaseForm, services.opinion_file_case, gettext_lazy("Filed as a case.")),
    "refer": (ReferForm, services.opinion_refer,
              gettext_lazy("Referred to deliberation.")),
}


def _case_categories():
    return category_list()


@login_required
@require_http_methods(["GET", "POST"])
def opinion_detail(request, opinion_id):
    user = request.user
    opinion = selectors.opinion_get_for_actor(user, opinion_id)
    back = reverse("services:opinion-detail", args=[opinion.pk])
    if request.method == "POST":
        act = request.POST.get("act", "")
        if act not in OPINION_ACTS:
            raise NotFound()
        form_class, fn, success = OPINION_ACTS[act]
        kwargs = {"categories": _case_categories()} if form_class is FileCaseForm else {}
        return act_form(request, form_class(request.POST, **kwargs), fn, str(success), back,
                        opinion=opinion)
    decided = opinion.outcome in (Outcome.CASE, Outcome.DELIBERATION)
    return render(request, "services/opinion_detail.html", {
        "opinion": opinion, "decided": decided,
        "may_act": opinion_policy.can(user, Action.RECORD_OPINIONS, opinion),
        "answer_form": AnswerForm(initial={"answer": opinion.answer}),
        "case_form": None if decided else FileCaseForm(categories=_case_categories()),
        "refer_form": None if decided else ReferForm()})
