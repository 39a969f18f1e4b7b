"""Points bank pages: a resident's own statement with rewards and family transfers, and the
staff overview (figures, leaderboard, catalogue, the redemption counter, a statement)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shequ.core import downloads as exports
from shequ.core.params import id_param, year_param

from .. import selectors, services
from ..forms import AdjustForm, TransferForm
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
    community = communities.filter(pk=id_param(request.GET.get("community")) or 0).first() or \
        communities.first()
    year = year_param(request.GET.get("year"))
    can_manage = user.can(Action.MANAGE_POINTS)
    board = selectors.leaderboard(user, community=community, year=year, limit=100) \
        if community else []
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS and community is not None:
        return exports.table(
            actor=request.user, name=f"leaderboard-{year}", fmt=fmt,
            header=[_("Rank"), _("Name"), _("Points earned"), _("Times")],
            rows=([r["rank"], r["name"], r["points"], r["times"]] for r in board))
    return render(request, "volunteers/points_overview.html", {
        "figures": selectors.overview(user), "communities": communities,
        "community": community, "year": year, "board": board[:20],
        "rewards": selectors.reward_list(user)[:10], "can_manage": can_manage,
        "redemptions": selectors.redemption_list(actor=user, state="issued",
                                                 code=request.GET.get("code", ""))[:50]
        if can_manage else []})



@login_required
@require_GET
def account_statement(request, account_id):
    user = request.user
    account = found(selectors.account_get_for_actor, user, account_id)
    rows, after = _page(account, request)
    year = timezone.localdate().year
    can_adjust = user.scope_for(Action.ADJUST_POINTS).covers_path(account.path)
    return render(request, "volunteers/points_account.html", {
        "account": account, "entries": rows, "after": after, "year": year,
        "totals": selectors.year_totals(account, year),
        "adjust_form": AdjustForm() if can_adjust else None})


@login_required
@require_POST
def collect(request, redemption_id):
    row = found(selectors.redemption_get_for_actor, request.user, redemption_id)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("volunteers:points-overview")
    return act(request, services.redemption_collect, _("Handed over."), back,
               redemption=row)[0]
