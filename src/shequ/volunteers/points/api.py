"""The points bank over the JSON API (/api/v1/volunteers/points/).

GET   points/me                      {balance, year totals, entries, next_cursor} (own)
GET   points/accounts/{id}           the same for an account in scope (staff)
GET   points/leaderboard             ?community=&year= earned points ranking (staff)
GET   points/rewards                 the catalogue (my community's, or staff scope)
POST  points/rewards                 RewardIn → 201 (staff)
PATCH points/rewards/{id}            {name?, kind?, merchant?, cost?, is_active?} (staff)
POST  points/rewards/{id}/restock    {quantity} add units (negative: take unsold ones away);
                                     409 out_of_stock
POST  points/rewards/{id}/redeem     {resident?} → 201 redemption; 409 insufficient_points /
                                     out_of_stock
POST  points/transfer                {to, amount} to a family member (家风银行)
POST  points/award                   {resident, rate, source, quantity} configured acts (staff)
POST  points/adjust                  {resident, amount, reason} (street/district admin)
GET   points/redemptions             ?state=&code= (staff counter)
POST  points/redemptions/{id}/collect
GET   points/rates                   the configured acts and their points
PATCH points/rates/{code}            {points?, is_active?} (district configuration)
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.core.freetext import limit_of
from shequ.core.params import MAX_AMOUNT
from shequ.registry.selectors import resident_get_for_actor

from ..apiparams import pick
from ..errors import VolunteerError
from ..policies import resident_of
from . import selectors, services
from .models import PointsEntry, Reward, RewardKind

router = Router(tags=["points"])


class EntryOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    amount: int
    balance_after: int
    note: str
    source: str


class StatementOut(Schema):
    account: int | None
    name: str
    balance: int
    year: int
    earned: int
    spent: int
    entries: list[EntryOut]
    next_cursor: str | None


class RankOut(Schema):
    rank: int
    account_id: int
    name: str
    points: int
    times: int


class RewardOut(Schema):
    id: int
    name: str
    kind: str
    merchant: str
    cost: int
    stock: int


class RewardIn(Schema):
    community: int
    name: str = Field(..., max_length=limit_of(Reward, "name"))
    kind: RewardKind
    cost: int = Field(..., ge=1, le=MAX_AMOUNT)
    stock: int = Field(..., ge=0, le=MAX_AMOUNT)
    merchant: str = Field("", max_length=limit_of(Reward, "merchant"))


class RewardPatch(Schema):
    name: str | None = Field(None, max_length=limit_of(Reward, "name"))
    kind: RewardKind | None = None
    merchant: str | None = Field(None, max_length=limit_of(Reward, "merchant"))
    cost: int | None = Field(None, ge=1, le=MAX_AMOUNT)
    is_active: bool | None = None


class RestockIn(Schema):
    quantity: int = Field(..., ge=-100000, le=100000)


class RewardDetail(RewardOut):
    is_active: bool


class RateOut(Schema):
    code: str
    name: str
    points: int
    unit: str
    is_active: bool


class RatePatch(Schema):
    points: int | None = None
    is_active: bool | None = None


class RedeemIn(Schema):
    resident: int | None = Field(None, description="staff at the counter; omit for yourself")


class RedemptionOut(Schema):
    id: int
    code: str
    reward: str
    cost: int
    state: str
    at: dt.datetime


class TransferIn(Schema):
    to: int = Field(..., description="resident id of a family member")
    amount: int = Field(..., ge=1)
    note: str = Field("", max_length=limit_of(PointsEntry, "note"))


class AwardIn(Schema):
    resident: int
    rate: str = Field(..., max_length=40)
    source: str = Field(..., max_length=64)
    quantity: float = Field(1, gt=0, le=1000)
    note: str = Field("", max_length=limit_of(PointsEntry, "note"))


class AdjustIn(Schema):
    resident: int
    amount: int
    reason: str = Field(..., max_length=limit_of(PointsEntry, "note"))


def _cursor(entry) -> str:
    raw = f"{entry.at.isoformat()}|{entry.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _before(cursor: str | None):
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, pk = raw.split("|")
        return dt.datetime.fromisoformat(at), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError(_("This page cursor is not valid; start from the first page."),
                          code=ErrorCode.INVALID_CURSOR, field="cursor") from None


def _statement(account, name: str, cursor: str | None, limit: int) -> dict:
    year = timezone.localdate().year
    if account is None:
        return {"account": None, "name": name, "balance": 0, "year": year, "earned": 0,
                "spent": 0, "entries": [], "next_cursor": None}
    rows = selectors.statement(account, before=_before(cursor), limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    totals = selectors.year_totals(account, year)
    return {"account": account.pk, "name": name, "balance": account.balance, "year": year,
            "earned": totals["earned"], "spent": totals["spent"],
            "entries": [{"id": e.pk, "at": e.at, "kind": e.kind, "amount": e.amount,
                         "balance_after": e.balance_after, "note": e.note, "source": e.source}
                        for e in rows],
            "next_cursor": _cursor(rows[-1]) if more and rows else None}


def _resident(request, pk):
    return resident_get_for_actor(request.user, pk) if pk else resident_of(request.user)


@router.get("/me", response=StatementOut)
def my_statement(request, cursor: str | None = None, limit: int = Query(50, ge=1, le=200)):
    me = resident_of(request.user)
    if me is None:
        raise NotFound()
    return _statement(selectors.my_account(request.user), me.name, cursor, limit)


@router.get("/accounts/{account_id}", response=StatementOut)
def account_statement(request, account_id: int, cursor: str | None = None,
                      limit: int = Query(50, ge=1, le=200)):
    account = selectors.account_get_for_actor(request.user, account_id)
    return _statement(account, account.resident.name, cursor, limit)


@router.get("/leaderboard", response=list[RankOut])
def leaderboard(request, community: int, year: int | None = None,
                limit: int = Query(20, ge=1, le=100)):
    from shequ.territory.selectors import area_get_for_actor
    area = area_get_for_actor(request.user, community)
    return selectors.leaderboard(request.user, community=area,
                                 year=year or timezone.localdate().year, limit=limit)


@router.get("/rewards", response=list[RewardOut])
def reward_list(request):
    return list(selectors.reward_list(request.user)[:200])


@router.post("/rewards", response={201: RewardOut})
def reward_create(request, payload: RewardIn):
    from shequ.territory.selectors import area_get_for_actor
    area = area_get_for_actor(request.user, payload.community)
    return Status(201, services.reward_create(actor=request.user, community=area, name=payload.name,
                                              kind=payload.kind, cost=payload.cost,
                                              stock=payload.stock, merchant=payload.merchant))


@router.patch("/rewards/{reward_id}", response=RewardDetail)
def reward_update(request, reward_id: int, payload: RewardPatch):
    reward = selectors.catalogue_get_for_actor(request.user, reward_id)
    return services.reward_update(
        actor=request.user, reward=reward, name=pick(payload, "name", reward.name),
        kind=pick(payload, "kind", reward.kind), cost=pick(payload, "cost", reward.cost),
        merchant=pick(payload, "merchant", reward.merchant),
        is_active=pick(payload, "is_active", reward.is_active))


@router.post("/rewards/{reward_id}/restock", response=RewardDetail)
def reward_restock(request, reward_id: int, payload: RestockIn):
    reward = selectors.catalogue_get_for_actor(request.user, reward_id)
    return services.reward_restock(actor=request.user, reward=reward,
                                   quantity=payload.quantity)


def _redemption(r) -> dict:
    return {"id": r.pk, "code": r.code, "reward": r.reward.name, "cost": r.cost,
            "state": r.state, "at": r.at}


@router.post("/rewards/{reward_id}/redeem", response={201: RedemptionOut})
def reward_redeem(request, reward_id: int, payload: RedeemIn):
    user = request.user
    resident = _resident(request, payload.resident)
    if resident is None:
        raise DomainError(_("Choose a resident."), code=ErrorCode.REQUIRED, field="resident")
    reward = selectors.reward_get_for_actor(user, reward_id)
    return Status(201, _redemption(services.points_redeem(actor=user, resident=resident,
                                                          reward=reward)))


@router.post("/transfer", response=StatementOut)
def transfer(request, payload: TransferIn):
    user = request.user
    me = resident_of(user)
    family = {r.pk: r for r in selectors.family_members(user)}
    if me is None or payload.to not in family:
        raise DomainError(_("Points can only be given to a member of the same household."),
                          code=VolunteerError.NOT_FAMILY, field="to")
    services.points_transfer(actor=user, from_resident=me, to_resident=family[payload.to],
                             amount=payload.amount, note=payload.note)
    return _statement(selectors.my_account(user), me.name, None, 20)


@router.post("/award", response={201: EntryOut})
def award(request, payload: AwardIn):
    resident = resident_get_for_actor(request.user, payload.resident)
    e = services.points_award(actor=request.user, resident=resident, rate_code=payload.rate,
                              source=payload.source, quantity=payload.quantity,
                              note=payload.note)
    return Status(201, {"id": e.pk, "at": e.at, "kind": e.kind, "amount": e.amount,
                        "balance_after": e.balance_after, "note": e.note, "source": e.source})


@router.post("/adjust", response={201: EntryOut})
def adjust(request, payload: AdjustIn):
    resident = resident_get_for_actor(request.user, payload.resident)
    e = services.points_adjust(actor=request.user, resident=resident, amount=payload.amount,
                               reason=payload.reason)
    return Status(201, {"id": e.pk, "at": e.at, "kind": e.kind, "amount": e.amount,
                        "balance_after": e.balance_after, "note": e.note, "source": e.source})


@router.get("/redemptions", response=list[RedemptionOut])
def redemption_list(request, state: str = "", code: str = ""):
    return [_redemption(r) for r in selectors.redemption_list(actor=request.user, state=state,
                                                              code=code)[:200]]


@router.post("/redemptions/{redemption_id}/collect", response=RedemptionOut)
def redemption_collect(request, redemption_id: int):
    row = selectors.redemption_get_for_actor(request.user, redemption_id)
    return _redemption(services.redemption_collect(actor=request.user, redemption=row))


@router.get("/rates", response=list[RateOut])
def rate_list(request):
    return list(selectors.rate_list())


@router.patch("/rates/{code}", response=RateOut)
def rate_update(request, code: str, payload: RatePatch):
    rate = selectors.rate_get(code)
    return services.rate_set(actor=request.user, code=rate.code,
                             points=pick(payload, "points", rate.points),
                             is_active=pick(payload, "is_active", rate.is_active))
