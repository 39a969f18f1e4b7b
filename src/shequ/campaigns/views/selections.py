"""Selection pages: the list, a new selection, and the selection page — nominate (staff or
residents), review (staff), open the voting window, vote (residents of the community),
results (hidden while voting if so set), publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core import downloads as exports
from shequ.core.kit import Column, FormPage, ListPage, act, act_form
from shequ.registry.selectors import lives_in, resident_of
from shequ.territory.selectors import communities_for

from .. import selectors, services
from ..forms import (
    NominationForm,
    ReviewForm,
    SelectionFilterForm,
    SelectionForm,
    WindowForm,
)
from ..policies import Action, selection_policy


def _detail(selection_id) -> str:
    return reverse("campaigns:selection-detail", args=[selection_id])


def _closes(s) -> str:
    return f"{timezone.localtime(s.vote_closes_at):%m-%d %H:%M}" if s.vote_closes_at else ""


class SelectionList(ListPage):
    """Staff filter by type, state and community; residents see their community's."""

    title, filter_form, row_key = gettext_lazy("Selections"), SelectionFilterForm, "selection"
    empty_text = gettext_lazy("No selections.")
    columns = [
        Column(gettext_lazy("Title"), "title", link=lambda s: _detail(s.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("voting closes"), _closes),
    ]

    def get_filter_form(self):
        staff = selection_policy.holds(self.request.user, Action.VIEW_CAMPAIGNS)
        return super().get_filter_form() if staff else None

    def filter_form_kwargs(self):
        return {"communities": communities_for(self.request.user, Action.VIEW_CAMPAIGNS)}

    def rows(self, d):
        return selectors.selection_list(
            actor=self.request.user, kind=d.get("kind", ""), state=d.get("state", ""),
            area_path=d["community"].path if d.get("community") else "")

    def actions(self):
        if selection_policy.holds(self.request.user, Action.MANAGE_SELECTIONS):
            yield _("New selection"), reverse("campaigns:selection-new")


class SelectionNew(FormPage):
    form_class, title = SelectionForm, gettext_lazy("New selection")
    action, success_message = Action.MANAGE_SELECTIONS, ""

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, Action.MANAGE_SELECTIONS)}

    def save(self, obj, data):
        return services.selection_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _detail(row.pk)


class SelectionEdit(FormPage):
    """Change the selection's text and voting rules while it takes nominations."""

    form_class = SelectionForm
    hint = gettext_lazy("The voting rules are fixed once voting opens.")

    def get_object(self):
        return selectors.selection_get_for_actor(self.request.user, self.kwargs["selection_id"])

    def check(self, selection):
        selection_policy.require(self.request.user, Action.MANAGE_SELECTIONS, selection)

    def initial(self, s):
        return {f: getattr(s, f) for f in ("title", "kind", "description", "votes_per_voter",
                                           "winners", "hide_results")}

    def save(self, selection, data):
        return services.selection_update(actor=self.request.user, selection=selection, **data)

    def success_url(self, row):
        return _detail(row.pk)

    back_url = success_url

    def page_title(self, selection):
        return selection.title


@login_required
@require_GET
def results_export(request, selection_id):
    """Candidates with their votes, for staff, once results may be shown."""
    user = request.user
    selection = selectors.selection_get_for_actor(user, selection_id)
    selection_policy.require(user, Action.VIEW_CAMPAIGNS, selection)
    results = selectors.results(user, selection)
    if not results.visible:
        messages.error(request, _("Results are shown when voting closes."))
        return redirect(_detail(selection.pk))
    fmt = request.GET.get("format") if request.GET.get("format") in exports.FORMATS else "xlsx"
    return exports.table(
        actor=request.user, name=f"selection-{selection.pk}-results", fmt=fmt,
        header=[_("Rank"), _("Nominee"), _("Votes"), _("Reason")],
        rows=([i, n.nominee, votes, n.reason] for i, (n, votes) in
              enumerate(results.rows, start=1)))


@login_required
@require_GET
def selection_detail(request, selection_id):
    user = request.user
    selection = selectors.selection_get_for_actor(user, selection_id)
    manage = selection_policy.can(user, Action.MANAGE_SELECTIONS, selection)
    resident = resident_of(user)
    my_votes = selectors.my_votes(user, selection)
    return render(request, "campaigns/selection_detail.html", {
        "selection": selection, "manage": manage,
        "nominations": selectors.nominations(actor=user, selection=selection),
        "results": selectors.results(user, selection),
        "voting": services.voting_open(selection),
        "can_vote": lives_in(resident, selection.path),
        "my_votes": my_votes, "votes_left": selection.votes_per_voter - len(my_votes),
        "nominate_form": NominationForm(), "window_form": WindowForm() if manage else None,
        "review_form": ReviewForm() if manage else None})


@login_required
@require_POST
def nominate(request, selection_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    return act_form(request, NominationForm(request.POST), services.nomination_submit,
                    _("Thank you for the nomination."), _detail(selection.pk),
                    selection=selection)


@login_required
@require_POST
def review(request, selection_id, nomination_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    row = selectors.nomination_get(selection, nomination_id)
    return act_form(request, ReviewForm(request.POST), services.nomination_review, _("Saved."),
                    _detail(selection.pk), nomination=row,
                    accept=request.POST.get("decision") == "accept")


@login_required
@require_POST
def open_voting(request, selection_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    return act_form(request, WindowForm(request.POST), services.selection_open_voting,
                    _("Voting is set."), _detail(selection.pk),
                    refusal=_("Enter when voting opens and closes."), selection=selection)


@login_required
@require_POST
def vote(request, selection_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    row = selectors.nomination_get(selection, request.POST.get("nomination") or 0)
    return act(request, services.vote_cast, _("Your vote is counted."), _detail(selection.pk),
               selection=selection, nomination=row)


@login_required
@require_POST
def publish(request, selection_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    return act(request, services.selection_publish, _("The result is published."),
               _detail(selection.pk), selection=selection)
