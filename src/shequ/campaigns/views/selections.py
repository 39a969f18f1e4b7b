"""Selection pages: the list, a new selection, and the selection page — nominate (staff or
residents), review (staff), open the voting window, vote (residents of the community),
results (hidden while voting if so set), publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import DomainError
from shequ.core.freetext import form_refusal
from shequ.core.kit import act, save_form
from shequ.registry.selectors import lives_in, resident_of

from .. import selectors, services
from ..forms import (
    NominationForm,
    ReviewForm,
    SelectionFilterForm,
    SelectionForm,
    WindowForm,
)
from ..policies import Action, selection_policy
from .common import communities, page_of


@login_required
@require_GET
def selection_list(request):
    user = request.user
    staff = selection_policy.holds(user, Action.VIEW_CAMPAIGNS)
    form = SelectionFilterForm(request.GET or None,
                               communities=communities(user, Action.VIEW_CAMPAIGNS))
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.selection_list(
        actor=user, kind=d.get("kind", ""), state=d.get("state", ""),
        area_path=d["community"].path if d.get("community") else "")
    return render(request, "campaigns/selection_list.html", {
        "form": form if staff else None, **page_of(request, rows),
        "can_manage": selection_policy.holds(user, Action.MANAGE_SELECTIONS)})


@login_required
@require_http_methods(["GET", "POST"])
def selection_edit(request, selection_id):
    """Change the selection's text and voting rules while it takes nominations."""
    user = request.user
    selection = selectors.selection_get_for_actor(user, selection_id)
    if not selection_policy.can(user, Action.MANAGE_SELECTIONS, selection):
        if not selection_policy.holds(user, Action.VIEW_CAMPAIGNS):
            raise Http404()
        raise PermissionDenied()
    form = SelectionForm(request.POST or None, initial={
        f: getattr(selection, f) for f in ("title", "kind", "description", "votes_per_voter",
                                           "winners", "hide_results")})
    if request.method == "POST" and form.is_valid():
        if save_form(form, services.selection_update, actor=user, selection=selection,
                **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("campaigns:selection-detail", selection_id=selection.pk)
    return render(request, "core/kit/form.html", {
        "form": form, "title": selection.title,
        "back": reverse("campaigns:selection-detail", args=[selection.pk]),
        "hint": _("The voting rules are fixed once voting opens.")},
        status=400 if form.errors else 200)


@login_required
@require_GET
def results_export(request, selection_id):
    """Candidates with their votes, for staff, once results may be shown."""
    user = request.user
    selection = selectors.selection_get_for_actor(user, selection_id)
    if not selection_policy.can(user, Action.VIEW_CAMPAIGNS, selection):
        raise Http404()
    results = selectors.results(user, selection)
    if not results.visible:
        messages.error(request, _("Results are shown when voting closes."))
        return redirect("campaigns:selection-detail", selection_id=selection.pk)
    fmt = request.GET.get("format") if request.GET.get("format") in exports.FORMATS else "xlsx"
    return exports.table(
        actor=request.user, name=f"selection-{selection.pk}-results", fmt=fmt,
        header=[_("Rank"), _("Nominee"), _("Votes"), _("Reason")],
        rows=([i, n.nominee, votes, n.reason] for i, (n, votes) in
              enumerate(results.rows, start=1)))


@login_required
@require_http_methods(["GET", "POST"])
def selection_new(request):
    user = request.user
    if not selection_policy.holds(user, Action.MANAGE_SELECTIONS):
        raise Http404()
    form = SelectionForm(request.POST or None,
                         communities=communities(user, Action.MANAGE_SELECTIONS))
    if request.method == "POST" and form.is_valid():
        try:
            row = services.selection_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("campaigns:selection-detail", selection_id=row.pk)
    return render(request, "core/kit/form.html", {"form": form, "title": _("New selection")})


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
    form = NominationForm(request.POST)
    back = reverse("campaigns:selection-detail", args=[selection.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return act(request, services.nomination_submit, _("Thank you for the nomination."), back,
               selection=selection, nominee=form.cleaned_data["nominee"],
               reason=form.cleaned_data["reason"])


@login_required
@require_POST
def review(request, selection_id, nomination_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    row = selectors.nomination_get(selection, nomination_id)
    accept = request.POST.get("decision") == "accept"
    form = ReviewForm(request.POST)
    back = reverse("campaigns:selection-detail", args=[selection.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return act(request, services.nomination_review, _("Saved."), back, nomination=row,
               accept=accept, note=form.cleaned_data["note"])


@login_required
@require_POST
def open_voting(request, selection_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    form = WindowForm(request.POST)
    back = reverse("campaigns:selection-detail", args=[selection.pk])
    if not form.is_valid():
        messages.error(request, _("Enter when voting opens and closes."))
        return redirect(back)
    return act(request, services.selection_open_voting, _("Voting is set."), back,
               selection=selection, **form.cleaned_data)


@login_required
@require_POST
def vote(request, selection_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    row = selectors.nomination_get(selection, request.POST.get("nomination") or 0)
    return act(request, services.vote_cast, _("Your vote is counted."),
               reverse("campaigns:selection-detail", args=[selection.pk]),
               selection=selection, nomination=row)


@login_required
@require_POST
def publish(request, selection_id):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    return act(request, services.selection_publish, _("The result is published."),
               reverse("campaigns:selection-detail", args=[selection.pk]), selection=selection)
