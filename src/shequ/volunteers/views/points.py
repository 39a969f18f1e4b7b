"""Points bank pages: a resident's own statement with rewards and family transfers, and the
staff overview (figures, leaderboard, catalogue, the redemption counter, a statement)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import RewardForm, TransferForm
from ..permissions import Action, resident_of
from .common import act, found, need


def _before(request):
    raw = request.GET.get("before", "")
    try:
        at, pk = raw.rsplit("_", 1)
        return dt.datetime.fromisoformat(at), int(pk)
    except ValueError:
        return None


def _page(account, request):
    rows = selectors.statement(account, before=_before(request), limit=31) if account else []
    more = len(rows) > 30
    rows = rows[:30]
    after = f"{rows[-1].at.isoformat()}_{rows[-1].pk}" if more and rows else ""
    return rows, after


@login_required
@require_GET
def my_points(request):
    user = request.user
    account = selectors.my_account(user)
    rows, after = _page(account, request)
    year = timezone.localdate().year
    family = selectors.family_members(user)
    return render(request, "volunteers/points_me.html", {
        "resident": resident_of(user), "account": account, "entries": rows, "after": after,
        "totals": selectors.year_totals(account, year) if account else None, "year": year,
        "rewards": selectors.reward_list(user)[:50],
        "redemptions": selectors.my_redemptions(user),
        "transfer_form": TransferForm(family=family) if family else None})


@login_required
@require_POST
def redeem(request, reward_id):
    user = request.user
    reward = found(selectors.reward_get_for_actor, user, reward_id)
    back, row = act(request, services.points_redeem, "", reverse("volunteers:points-me"),
                    resident=resident_of(user), reward=reward)
    if row is not None:
        messages.success(request, _("Redeemed. Show code %(code)s at the community office.")
                         % {"code": row.code})
    return back


@login_required
@require_POST
def transfer(request):
    user = request.user
    family = selectors.family_members(user)
    form = TransferForm(request.POST, family=family)
    back = reverse("volunteers:points-me")
    if not form.is_valid():
        messages.error(request, _("Choose a family member and a whole number of points."))
        return redirect(back)
    to = next(r for r in family if str(r.pk) == form.cleaned_data["to"])
    response, _r = act(request, services.points_transfer, _("Points given."), back,
                       from_resident=resident_of(user), to_resident=to,
                       amount=form.cleaned_data["amount"])
    return response


@login_required
@require_GET
def overview(request):
    user = request.user
    need(user, Action.VIEW_POINTS)
    communities = selectors.communities_for(user, Action.VIEW_POINTS)
    community = communities.filter(pk=request.GET.get("community") or 0).first() or \
        communities.first()
    year = int(request.GET.get("year") or timezone.localdate().year)
    can_manage = user.can(Action.MANAGE_POINTS)
    return render(request, "volunteers/points_overview.html", {
        "figures": selectors.overview(user), "communities": communities,
        "community": community, "year": year,
        "board": selectors.leaderboard(user, community=community, year=year)
        if community else [],
        "rewards": selectors.reward_list(user, include_inactive=True)[:100],
        "redemptions": selectors.redemption_list(actor=user, state="issued",
                                                 code=request.GET.get("code", ""))[:50]
        if can_manage else [],
        "reward_form": RewardForm(communities=communities) if can_manage else None})


@login_required
@require_GET
def account_statement(request, account_id):
    user = request.user
    account = found(selectors.account_get_for_actor, user, account_id)
    rows, after = _page(account, request)
    year = timezone.localdate().year
    return render(request, "volunteers/points_account.html", {
        "account": account, "entries": rows, "after": after, "year": year,
        "totals": selectors.year_totals(account, year)})


@login_required
@require_POST
def reward_new(request):
    user = request.user
    need(user, Action.MANAGE_POINTS)
    communities = selectors.communities_for(user, Action.MANAGE_POINTS)
    form = RewardForm(request.POST, communities=communities)
    back = reverse("volunteers:points-overview")
    if not form.is_valid():
        messages.error(request, _("Check the reward's fields."))
        return redirect(back)
    d = form.cleaned_data
    return act(request, services.reward_create, _("The reward is on offer."), back,
               community=d["community"], name=d["name"], kind=d["kind"], cost=d["cost"],
               stock=d["stock"], merchant=d["merchant"])[0]


@login_required
@require_POST
def collect(request, redemption_id):
    row = found(selectors.redemption_get_for_actor, request.user, redemption_id)
    return act(request, services.redemption_collect, _("Handed over."),
               reverse("volunteers:points-overview"), redemption=row)[0]
