"""Reads of the points bank: a person's balance and statement, the community leaderboard,
the catalogue, redemptions, and the drift check. Staff reads are scoped with
``for_actor``; a resident reads their own account through their linked record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.territory.selectors import community_path

from ..policies import Action, account_policy, resident_of
from .models import (
    EntryKind,
    PointsAccount,
    PointsEntry,
    PointsRate,
    Redemption,
    RedemptionState,
    Reward,
)

STATEMENT_PAGE = 50


def my_account(actor) -> PointsAccount | None:
    """The signed-in resident's own account (None before their first points)."""
    resident = resident_of(actor)
    if resident is None:
        return None
    return PointsAccount.objects.select_related("resident").filter(resident=resident).first()


def account_get_for_actor(actor, account_id) -> PointsAccount:
    """An account the actor may read: their own, or one in their VIEW_POINTS scope."""
    own = my_account(actor)
    if own is not None and str(own.pk) == str(account_id):
        return own
    account = (PointsAccount.objects.for_actor(actor, Action.VIEW_POINTS)
               .select_related("resident").filter(pk=account_id).first())
    if account is None:
        raise NotFound()
    return account


def account_for_resident(actor, resident) -> PointsAccount | None:
    """The account of a resident the actor may read (staff scope or self)."""
    own = resident_of(actor)
    if own is not None and own.pk == resident.pk:
        return PointsAccount.objects.filter(resident=resident).first()
    if not account_policy.can(actor, Action.VIEW_POINTS, resident.path):
        raise NotFound()
    return PointsAccount.objects.for_actor(actor, Action.VIEW_POINTS).filter(
        resident=resident).first()


def statement(account: PointsAccount, *, before: tuple[dt.datetime, int] | None = None,
              year: int | None = None, limit: int = STATEMENT_PAGE) -> list[PointsEntry]:
    """The newest entries of an already-authorised account, ``limit`` at a time; pass the
    last row's ``(at, id)`` as ``before`` for the next page. Served by the (account, at,
    id) index, so its cost does not grow with the years of history."""
    qs = PointsEntry.objects.filter(account=account)
    if year:
        tz = timezone.get_current_timezone()
        qs = qs.filter(at__gte=dt.datetime(year, 1, 1, tzinfo=tz),
                       at__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz))
    if before is not None:
        at, pk = before
        qs = qs.filter(Q(at__lt=at) | Q(at=at, id__lt=pk))
    return list(qs.order_by("-at", "-id").select_related("rate")[:limit])


def year_totals(account: PointsAccount, year: int) -> dict:
    """Earned and spent in one calendar year (local time)."""
    tz = timezone.get_current_timezone()
    rows = (PointsEntry.objects.filter(
        account=account, at__gte=dt.datetime(year, 1, 1, tzinfo=tz),
        at__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz))
        .values("kind").annotate(s=Sum("amount")))
    by_kind = {r["kind"]: r["s"] for r in rows}
    return {"earned": by_kind.get(EntryKind.EARN, 0),
            "spent": -by_kind.get(EntryKind.SPEND, 0),
            "family": by_kind.get(EntryKind.TRANSFER_IN, 0) + by_kind.get(EntryKind.TRANSFER_OUT, 0),
            "adjusted": by_kind.get(EntryKind.ADJUST, 0)}


def leaderboard(actor, *, community, year: int, limit: int = 20) -> list[dict]:
    """Year-end leaderboard of a community: points *earned* in the year (spending does not
    lower a rank), highest first. Staff with VIEW_POINTS over the community only."""
    if not account_policy.can(actor, Action.VIEW_POINTS, community):
        raise NotFound()
    tz = timezone.get_current_timezone()
    rows = (PointsEntry.objects.filter(
        path__gte=community.path, path__lt=community.path + "~", kind=EntryKind.EARN,
        at__gte=dt.datetime(year, 1, 1, tzinfo=tz), at__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz))
        .values("account_id").annotate(points=Sum("amount"), times=Count("id"))
        .order_by("-points", "account_id")[:limit])
    rows = list(rows)
    names = dict(PointsAccount.objects.filter(pk__in=[r["account_id"] for r in rows])
                 .values_list("pk", "resident__name"))
    return [{"rank": i + 1, "account_id": r["account_id"], "name": names.get(r["account_id"], ""),
             "points": r["points"], "times": r["times"]} for i, r in enumerate(rows)]


def reward_list(actor, *, include_inactive: bool = False) -> QuerySet[Reward]:
    """Rewards on offer to the actor: staff see their scope's catalogues, a resident sees
    their own community's."""
    qs = Reward.objects.for_actor(actor, Action.VIEW_POINTS)
    resident = resident_of(actor)
    if resident is not None:
        qs = qs | Reward.objects.filter(path=community_path(resident.path))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("cost", "id")


@dataclass
class RewardFilters:
    q: str = ""
    kind: str = ""
    area_path: str = ""
    on_offer: bool | None = None
    out_of_stock: bool = False


def catalogue(actor, filters: RewardFilters | None = None) -> QuerySet[Reward]:
    """The staff view of the catalogues in scope (withdrawn rewards too), with how many
    of each were redeemed, by community and price."""
    f = filters or RewardFilters()
    qs = Reward.objects.for_actor(actor, Action.VIEW_POINTS)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q.strip()) | Q(merchant__icontains=f.q.strip()))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.area_path:
        qs = qs.filter(path__gte=f.area_path, path__lt=f.area_path + "~")
    if f.on_offer is not None:
        qs = qs.filter(is_active=f.on_offer)
    if f.out_of_stock:
        qs = qs.filter(stock=0)
    return (qs.select_related("community").annotate(redeemed=Count("redemptions"))
            .order_by("path", "cost", "id"))


def catalogue_get_for_actor(actor, reward_id) -> Reward:
    """One reward of the staff catalogue (NotFound when missing or outside the scope)."""
    row = catalogue(actor).filter(pk=reward_id if str(reward_id).isdigit() else 0).first()
    if row is None:
        raise NotFound()
    return row


def rate_list() -> QuerySet[PointsRate]:
    """The configured acts that earn points (one list for the whole district)."""
    return PointsRate.objects.order_by("id")


def rate_get(code: str) -> PointsRate:
    row = PointsRate.objects.filter(code=code).first()
    if row is None:
        raise NotFound()
    return row


def reward_get_for_actor(actor, reward_id) -> Reward:
    reward = reward_list(actor, include_inactive=True).filter(pk=reward_id).first()
    if reward is None:
        raise NotFound()
    return reward


def redemption_list(actor, *, state: str = "", code: str = "", reward_id=None,
                    since: dt.date | None = None, until: dt.date | None = None
                    ) -> QuerySet[Redemption]:
    """Redemptions in the actor's scope for the counter (newest first)."""
    qs = Redemption.objects.for_actor(actor, Action.MANAGE_POINTS).select_related(
        "reward", "account__resident")
    if state:
        qs = qs.filter(state=state)
    if code:
        qs = qs.filter(code=code.strip().upper())
    if reward_id:
        qs = qs.filter(reward_id=reward_id)
    tz = timezone.get_current_timezone()
    if since:
        qs = qs.filter(at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=tz))
    if until:
        qs = qs.filter(at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min,
                                                  tzinfo=tz))
    return qs.order_by("-at", "-id")


def redemption_get_for_actor(actor, redemption_id) -> Redemption:
    row = redemption_list(actor).filter(pk=redemption_id).first()
    if row is None:
        raise NotFound()
    return row


def my_redemptions(actor) -> list[Redemption]:
    account = my_account(actor)
    if account is None:
        return []
    return list(Redemption.objects.filter(account=account).select_related("reward")[:50])


def family_members(actor) -> list:
    """Who the signed-in resident may give points to: their household, themselves aside."""
    resident = resident_of(actor)
    if resident is None:
        return []
    from shequ.registry.models import Resident
    return list(Resident.objects.filter(household_id=resident.household_id, is_active=True)
                .exclude(pk=resident.pk).order_by("id"))


def overview(actor) -> dict:
    """Staff figures: accounts and balances in scope, points earned this year, redemptions
    waiting at the counter."""
    accounts = PointsAccount.objects.for_actor(actor, Action.VIEW_POINTS)
    year = timezone.localdate().year
    tz = timezone.get_current_timezone()
    earned = (PointsEntry.objects.for_actor(actor, Action.VIEW_POINTS)
              .filter(kind=EntryKind.EARN, at__gte=dt.datetime(year, 1, 1, tzinfo=tz))
              .aggregate(s=Sum("amount"))["s"] or 0)
    totals = accounts.aggregate(n=Count("id"), s=Sum("balance"))
    waiting = Redemption.objects.for_actor(actor, Action.VIEW_POINTS).filter(
        state=RedemptionState.ISSUED).count()
    return {"accounts": totals["n"] or 0, "balance": totals["s"] or 0, "earned_year": earned,
            "waiting": waiting, "year": year}


@dataclass
class Drift:
    account_id: int
    balance: int
    entries_sum: int


@dataclass
class DriftReport:
    accounts: int = 0
    entries: int = 0
    drift: list[Drift] = field(default_factory=list)
    chain_breaks: list[tuple[int, int]] = field(default_factory=list)


def ledger_drift(*, chain: bool = False) -> DriftReport:
    """System check (no actor): every account whose balance is not the sum of its entries,
    and, with ``chain``, every entry whose balance_after is not the running sum."""
    sums = dict(PointsEntry.objects.values("account_id").annotate(s=Sum("amount"))
                .values_list("account_id", "s"))
    report = DriftReport(entries=PointsEntry.objects.count())
    for pk, balance in PointsAccount.objects.values_list("pk", "balance").iterator():
        report.accounts += 1
        total = sums.get(pk, 0) or 0
        if balance != total:
            report.drift.append(Drift(pk, balance, total))
    if chain:
        last_account, running = None, 0
        for pk, account_id, amount, after in (PointsEntry.objects.order_by("account_id", "id")
                                              .values_list("pk", "account_id", "amount",
                                                           "balance_after").iterator()):
            if account_id != last_account:
                last_account, running = account_id, 0
            running += amount
            if after != running:
                report.chain_breaks.append((account_id, pk))
                running = after
    return report
