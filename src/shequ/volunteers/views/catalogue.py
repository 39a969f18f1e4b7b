"""Staff pages of the points bank's catalogue (爱心超市 items with stock, merchant
vouchers): the list with filters and downloads, adding and editing a reward, restocking;
the redemption register; a correction of a balance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.freetext import form_refusal

from .. import selectors, services
from ..forms import (
    AdjustForm,
    RedemptionFilterForm,
    RestockForm,
    RewardEditForm,
    RewardFilterForm,
    RewardForm,
    yes_no,
)
from ..permissions import Action
from .common import act, found, need, page_of, save


@login_required
@require_GET
def reward_list(request):
    user = request.user
    need(user, Action.VIEW_POINTS)
    form = RewardFilterForm(request.GET or None,
                            areas=selectors.communities_for(user, Action.VIEW_POINTS))
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
                      communities=selectors.communities_for(user, Action.MANAGE_POINTS))
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
    manage = user.scope_for(Action.MANAGE_POINTS).covers_path(reward.path)
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
