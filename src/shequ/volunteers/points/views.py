"""Points bank pages: a resident's own statement with rewards and family transfers; the staff
overview (figures, leaderboard, a statement, a correction of a balance); the catalogue
(爱心超市 items with stock, merchant vouchers: the list with filters and downloads, adding and
editing a reward, restocking), the redemption register and counter; the earning rates."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.freetext import form_refusal
from shequ.core.params import id_param, year_param
from shequ.territory.selectors import communities_for

from ..pages import act, form_messages, found, need, page_of, save, yes_no
from ..policies import Action, account_policy, resident_of, reward_policy
from . import selectors, services
from .forms import (
    AdjustForm,
    RateForm,
    RedemptionFilterForm,
    RestockForm,
    RewardEditForm,
    RewardFilterForm,
    RewardForm,
    TransferForm,
)


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
    communities = communities_for(user, Action.VIEW_POINTS, grids_count=True)
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
    can_adjust = account_policy.can(user, Action.ADJUST_POINTS, account)
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


@login_required
@require_POST
def rate_edit(request, code):
    user = request.user
    need(user, Action.CONFIGURE)
    rate = found(selectors.rate_get, code)
    form = RateForm(request.POST, prefix=f"r{rate.pk}")
    if form.is_valid() and save(form, services.rate_set, actor=user, code=rate.code,
                                points=form.cleaned_data["points"],
                                is_active=form.cleaned_data["is_active"]):
        messages.success(request, _("“%(name)s” now earns %(points)d points.")
                         % {"name": rate.name, "points": form.cleaned_data["points"]})
    else:
        form_messages(request, form)
    return redirect("volunteers:configuration")


@login_required
@require_GET
def reward_list(request):
    user = request.user
    need(user, Action.VIEW_POINTS)
    form = RewardFilterForm(request.GET or None,
                            areas=communities_for(user, Action.VIEW_POINTS, grids_count=True))
    filters = selectors.RewardFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.RewardFilters(q=d["q"], kind=d["kind"],
                                          area_path=d["area"].path if d["area"] else "",
                                          on_offer=yes_no(d["on_offer"]),
                                          out_of_stock=d["out_of_stock"])
    rows = selectors.catalogue(user, filters)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table(
            actor=request.user, name="rewards", fmt=fmt,
            header=[_("Reward"), _("Type"), _("Merchant"), _("Community"), _("Points"),
                    _("Stock"), _("Redeemed"), _("On offer")],
            rows=([r.name, r.get_kind_display(), r.merchant, r.community.name, r.cost,
                   r.stock, r.redeemed, _("yes") if r.is_active else _("no")] for r in rows))
    return render(request, "volunteers/reward_list.html", {
        "form": form, **page_of(request, rows),
        "can_manage": user.can(Action.MANAGE_POINTS)})


@login_required
@require_http_methods(["GET", "POST"])
def reward_new(request):
    user = request.user
    need(user, Action.MANAGE_POINTS)
    form = RewardForm(request.POST or None,
                      communities=communities_for(user, Action.MANAGE_POINTS, grids_count=True))
    if request.method == "POST" and form.is_valid():
        row = save(form, services.reward_create, actor=user, **form.cleaned_data)
        if row is not None:
            messages.success(request, _("“%(name)s” is on offer.") % {"name": row.name})
            return redirect("volunteers:reward-list")
    return render(request, "volunteers/form.html", {
        "form": form, "title": _("Add a reward"), "back": reverse("volunteers:reward-list")},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def reward_edit(request, reward_id):
    user = request.user
    need(user, Action.VIEW_POINTS)
    reward = found(selectors.catalogue_get_for_actor, user, reward_id)
    manage = reward_policy.can(user, Action.MANAGE_POINTS, reward)
    form = RewardEditForm(request.POST if request.method == "POST" else None, initial={
        "name": reward.name, "kind": reward.kind, "merchant": reward.merchant,
        "cost": reward.cost, "is_active": reward.is_active})
    if request.method == "POST":
        if not manage:
            raise PermissionDenied()
        if form.is_valid() and save(form, services.reward_update, actor=user, reward=reward,
                                    **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("volunteers:reward-list")
    return render(request, "volunteers/reward_edit.html", {
        "reward": reward, "form": form, "manage": manage, "restock_form": RestockForm(),
        "redemptions": selectors.redemption_list(user, reward_id=reward.pk)[:20]
        if manage else []}, status=400 if form.errors else 200)


@login_required
@require_POST
def reward_restock(request, reward_id):
    reward = found(selectors.catalogue_get_for_actor, request.user, reward_id)
    form = RestockForm(request.POST)
    back = reverse("volunteers:reward-edit", args=[reward.pk])
    if not form.is_valid():
        messages.error(request, _("Enter how many units to add or take away."))
        return redirect(back)
    response, row = act(request, services.reward_restock, "", back, reward=reward,
                        quantity=form.cleaned_data["quantity"])
    if row is not None:
        messages.success(request, _("Stock is now %(n)d.") % {"n": row.stock})
    return response


@login_required
@require_GET
def redemption_list(request):
    user = request.user
    need(user, Action.MANAGE_POINTS)
    form = RedemptionFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.redemption_list(user, state=d.get("state", ""), code=d.get("code", ""),
                                     since=d.get("since"), until=d.get("until"))
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        def local(at):
            return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""
        return exports.table(
            actor=request.user, name="redemptions", fmt=fmt,
            header=[_("Time"), _("Collection code"), _("Reward"), _("Points"), _("Resident"),
                    _("State"), _("Collected")],
            rows=([local(r.at), r.code, r.reward.name, r.cost, r.account.resident.name,
                   r.get_state_display(), local(r.collected_at)]
                  for r in rows.iterator(chunk_size=500)))
    return render(request, "volunteers/redemption_list.html", {
        "form": form, **page_of(request, rows)})


@login_required
@require_POST
def account_adjust(request, account_id):
    """A correction by a street or district administrator, with a reason."""
    user = request.user
    account = found(selectors.account_get_for_actor, user, account_id)
    form = AdjustForm(request.POST)
    back = reverse("volunteers:points-account", args=[account.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return act(request, services.points_adjust, _("Correction recorded."), back,
               resident=account.resident, amount=form.cleaned_data["amount"],
               reason=form.cleaned_data["reason"])[0]
