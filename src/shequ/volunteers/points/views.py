"""Points bank pages: a resident's own statement with rewards and family transfers; the staff
overview (figures, leaderboard, a statement, a correction of a balance); the catalogue
(爱心超市 items with stock, merchant vouchers: the list with filters and downloads, adding and
editing a reward, restocking), the redemption register and counter; the earning rates."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import NotFound
from shequ.core.kit import Column, DetailPage, FormPage, ListPage, act, act_form
from shequ.core.params import id_param, year_param
from shequ.territory.selectors import communities_for

from ..pages import yes_no
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
    reward = selectors.reward_get_for_actor(user, reward_id)
    return act(request, services.points_redeem,
               lambda row: _("Redeemed. Show code %(code)s at the community office.")
               % {"code": row.code}, reverse("volunteers:points-me"),
               resident=resident_of(user), reward=reward)


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
    return act(request, services.points_transfer, _("Points given."), back,
               from_resident=resident_of(user), to_resident=to,
               amount=form.cleaned_data["amount"])


@login_required
@require_GET
def overview(request):
    user = request.user
    if not account_policy.holds(user, Action.VIEW_POINTS):
        raise NotFound()
    communities = communities_for(user, Action.VIEW_POINTS, grids_count=True)
    community = communities.filter(pk=id_param(request.GET.get("community")) or 0).first() or \
        communities.first()
    year = year_param(request.GET.get("year"))
    can_manage = reward_policy.holds(user, Action.MANAGE_POINTS)
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
    account = selectors.account_get_for_actor(user, account_id)
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
    row = selectors.redemption_get_for_actor(request.user, redemption_id)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("volunteers:points-overview")
    return act(request, services.redemption_collect, _("Handed over."), back, redemption=row)


@login_required
@require_POST
def rate_edit(request, code):
    if not reward_policy.holds(request.user, Action.CONFIGURE):
        raise NotFound()
    rate = selectors.rate_get(code)
    return act_form(request, RateForm(request.POST, prefix=f"r{rate.pk}"), services.rate_set,
                       lambda row: _("“%(name)s” now earns %(points)d points.")
                       % {"name": row.name, "points": row.points},
                       reverse("volunteers:configuration"), code=rate.code)


# -- the catalogue and the redemption register ----------------------------------------------
def _reward(r) -> str:
    return reverse("volunteers:reward-edit", args=[r.pk])


def _local(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


class RewardList(ListPage):
    title, action = gettext_lazy("Rewards catalogue"), Action.VIEW_POINTS
    filter_form, row_key, download_name = RewardFilterForm, "reward", "rewards"
    empty_text = gettext_lazy("No rewards yet.")
    template_name = "volunteers/reward_list.html"
    columns = [
        Column(gettext_lazy("Reward"), "name", link=_reward),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Merchant"), "merchant"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Points"), "cost"),
        Column(gettext_lazy("Stock"), "stock"),
        Column(gettext_lazy("Redeemed"), "redeemed"),
        Column(gettext_lazy("On offer"), lambda r: yes_no(r.is_active)),
    ]

    def filter_form_kwargs(self):
        return {"areas": communities_for(self.request.user, Action.VIEW_POINTS,
                                         grids_count=True)}

    def rows(self, d):
        filters = selectors.RewardFilters(
            q=d["q"], kind=d["kind"], area_path=d["area"].path if d["area"] else "",
            on_offer=d["on_offer"], out_of_stock=d["out_of_stock"]) if d else None
        return selectors.catalogue(self.request.user, filters)

    def actions(self):
        if reward_policy.holds(self.request.user, Action.MANAGE_POINTS):
            yield _("Add a reward"), reverse("volunteers:reward-new")
            yield _("Redemptions"), reverse("volunteers:redemption-list")
        yield _("Points bank"), reverse("volunteers:points-overview")


class RewardNew(FormPage):
    form_class, action = RewardForm, Action.MANAGE_POINTS
    title = gettext_lazy("Add a reward")

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, Action.MANAGE_POINTS,
                                               grids_count=True)}

    def save(self, obj, d):
        return services.reward_create(actor=self.request.user, **d)

    def success_text(self, row):
        return _("“%(name)s” is on offer.") % {"name": row.name}

    def success_url(self, row):
        return reverse("volunteers:reward-list")

    back_url = success_url


class RewardEdit(DetailPage):
    """A reward's page: its figures; managers edit and restock it and see who redeemed it."""

    form_class, action = RewardEditForm, Action.VIEW_POINTS
    template_name = "volunteers/reward_edit.html"

    def get_object(self):
        return selectors.catalogue_get_for_actor(self.request.user, self.kwargs["reward_id"])

    def may_edit(self, reward):
        return reward_policy.can(self.request.user, Action.MANAGE_POINTS, reward)

    def initial(self, r):
        return {"name": r.name, "kind": r.kind, "merchant": r.merchant, "cost": r.cost,
                "is_active": r.is_active}

    def save(self, reward, d):
        return services.reward_update(actor=self.request.user, reward=reward, **d)

    def success_url(self, row):
        return reverse("volunteers:reward-list")

    def context(self, reward):
        return {"reward": reward, "restock_form": RestockForm(),
                "redemptions": selectors.redemption_list(self.request.user,
                                                         reward_id=reward.pk)[:20]
                if self.editable else []}


@login_required
@require_POST
def reward_restock(request, reward_id):
    reward = selectors.catalogue_get_for_actor(request.user, reward_id)
    return act_form(request, RestockForm(request.POST), services.reward_restock,
                       lambda row: _("Stock is now %(n)d.") % {"n": row.stock}, _reward(reward),
                       refusal=_("Enter how many units to add or take away."), reward=reward)


class RedemptionList(ListPage):
    """The redemption register of the counter, with a hand-over button on issued rows."""

    title, action = gettext_lazy("Redemptions"), Action.MANAGE_POINTS
    filter_form, row_key, download_name = RedemptionFilterForm, "redemption", "redemptions"
    empty_text = gettext_lazy("No redemptions found.")
    columns = [
        Column(gettext_lazy("Time"), lambda d: _local(d.at)),
        Column(gettext_lazy("Collection code"), "code"),
        Column(gettext_lazy("Reward"), "reward.name"),
        Column(gettext_lazy("Points"), "cost"),
        Column(gettext_lazy("Resident"), "account.resident.name"),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("Collected"), lambda d: _local(d.collected_at)),
        Column("", "state", template="volunteers/_hand_over.html", download=False),
    ]

    def rows(self, d):
        return selectors.redemption_list(
            self.request.user, state=d.get("state", ""), code=d.get("code", ""),
            since=d.get("since"), until=d.get("until"))

    def actions(self):
        yield _("Rewards catalogue"), reverse("volunteers:reward-list")


@login_required
@require_POST
def account_adjust(request, account_id):
    """A correction by a street or district administrator, with a reason."""
    account = selectors.account_get_for_actor(request.user, account_id)
    return act_form(request, AdjustForm(request.POST), services.points_adjust,
                       _("Correction recorded."),
                       reverse("volunteers:points-account", args=[account.pk]),
                       resident=account.resident)
