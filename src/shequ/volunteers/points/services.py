"""Writes to the points bank (爱心银行, DESIGN.md §5 "Points bank", §8 "Append-only ledgers").

Every movement is one inserted :class:`PointsEntry` plus a guarded update of the account's
balance in the same transaction: a debit is ``UPDATE … SET balance = balance - n WHERE id = ?
AND balance >= n``; zero rows updated means "not enough points" and nothing is written. A
redemption also takes one unit of stock with ``… SET stock = stock - 1 WHERE stock >= 1``. On
PostgreSQL the guarded UPDATE locks the row and re-reads it after a concurrent commit; on
SQLite every write transaction begins IMMEDIATE, so check and write are serialised.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of

from ..errors import VolunteerError
from ..policies import (
    Action,
    account_policy,
    is_self,
    record_policy,
    redemption_policy,
    reward_policy,
    user_or_none,
)
from ..records.models import RecordState, ServiceRecord
from .models import (
    EntryKind,
    PointsAccount,
    PointsEntry,
    PointsRate,
    RateUnit,
    Redemption,
    RedemptionState,
    Reward,
    RewardKind,
)

SERVICE_RECORD = "service_record"
MAX_RATE_POINTS = 1000


def account_for(resident) -> PointsAccount:
    """The resident's account, opened on first use (two first uses at once open one). Its
    scoping path follows the resident if they moved house since."""
    account = PointsAccount.objects.filter(resident=resident).first()
    if account is not None:
        if account.path != resident.path:
            PointsAccount.objects.filter(pk=account.pk).update(path=resident.path)
            account.path = resident.path
        return account
    try:
        with transaction.atomic():
            return PointsAccount.objects.create(resident=resident, path=resident.path)
    except IntegrityError:
        return PointsAccount.objects.get(resident=resident)


def _apply(account: PointsAccount, amount: int, message: str | None = None,
           field: str = "amount") -> int:
    """The guarded balance update; returns the new balance or refuses a debit that the
    balance does not cover (nothing is written then)."""
    if amount == 0:
        raise DomainError(_("The amount must not be zero."), field="amount")
    rows = PointsAccount.objects.filter(pk=account.pk)
    if amount < 0:
        rows = rows.filter(balance__gte=-amount)
    if rows.update(balance=F("balance") + amount) == 0:
        raise Conflict(message or _("Not enough points."),
                       code=VolunteerError.INSUFFICIENT_POINTS, field=field)
    return PointsAccount.objects.filter(pk=account.pk).values_list("balance", flat=True).get()


def _append(*, account: PointsAccount, amount: int, balance: int, kind: str, source: str,
            actor, note: str = "", rate: PointsRate | None = None) -> PointsEntry:
    """Insert the entry of a movement already applied to the balance, and audit it."""
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(
                account=account, amount=amount, kind=kind, rate=rate, source=source[:64],
                note=(note or "")[:200], actor=user_or_none(actor),
                at=timezone.now(), balance_after=balance, path=account.path)
    except IntegrityError as exc:
        raise Conflict(_("These points have already been recorded."),
                       code=VolunteerError.ALREADY_RECORDED, field="source") from exc
    account.balance = balance
    audit.record(actor=actor, action=f"points_{kind}", entity="points_account",
                 entity_id=account.pk, summary=f"{amount:+d} {source}",
                 after={"amount": amount, "kind": kind, "source": source, "balance": balance})
    return entry


def _post(*, account: PointsAccount, amount: int, kind: str, source: str, actor,
          note: str = "", rate: PointsRate | None = None) -> PointsEntry:
    """Move ``amount`` (signed) on ``account`` and append its entry. Callers hold the
    transaction; a refusal raises and rolls the whole movement back."""
    balance = _apply(account, amount)
    return _append(account=account, amount=amount, balance=balance, kind=kind, source=source,
                   actor=actor, note=note, rate=rate)


def _rate(code: str) -> PointsRate:
    rate = PointsRate.objects.filter(code=code, is_active=True).first()
    if rate is None:
        raise DomainError(_("This act does not earn points."), code=VolunteerError.RATE_UNKNOWN,
                          field="rate")
    return rate


def _points_for(rate: PointsRate, quantity) -> int:
    if rate.unit == RateUnit.TIME:
        return rate.points
    return int(round(rate.points * float(quantity)))


@transaction.atomic
def points_award(*, actor, resident, rate_code: str, source: str, quantity=1,
                 note: str = "") -> PointsEntry:
    """Credit points for a configured act (``PointsRate``). The source must be of the kind
    the rate names; for verified hours it must be a verified service record of this
    resident, and its hours are what is paid. Each source pays once per account."""
    rate = _rate(rate_code)
    kind, _sep, ref = source.partition(":")
    if kind != rate.source_kind or not ref:
        raise DomainError(_("These points cannot be awarded from this source."),
                          code=VolunteerError.WRONG_SOURCE, field="source")
    if rate.source_kind == SERVICE_RECORD:
        record = ServiceRecord.objects.select_related("volunteer").filter(pk=ref).first()
        if (record is None or record.state != RecordState.VERIFIED
                or record.volunteer.resident_id != resident.pk):
            raise DomainError(_("Only verified service hours earn points."),
                              code=VolunteerError.NOT_VERIFIABLE, field="source")
        quantity = record.minutes / 60
        allowed = record_policy.can(actor, Action.VERIFY_SERVICE, resident.path)
    else:
        allowed = account_policy.can(actor, Action.MANAGE_POINTS, resident.path)
    if not allowed:
        account_policy.require(actor, Action.MANAGE_POINTS, resident.path)
    amount = _points_for(rate, quantity)
    if amount <= 0:
        raise DomainError(_("There is nothing to award."), field="quantity")
    return _post(account=account_for(resident), amount=amount, kind=EntryKind.EARN,
                 source=source, actor=actor, note=note or rate.name, rate=rate)


def _may_spend(actor, account: PointsAccount) -> None:
    if is_self(actor, account.resident):
        return
    account_policy.require(actor, Action.MANAGE_POINTS, account)


@transaction.atomic
def points_redeem(*, actor, resident, reward: Reward) -> Redemption:
    """Spend points on one unit of a catalogue reward of the resident's community. Refused,
    with nothing written, when the balance or the stock does not suffice — also when two
    people take the last unit (or one person spends the last points) at the same moment."""
    account = account_for(resident)
    account.resident = resident
    _may_spend(actor, account)
    if not (resident.path == reward.path or resident.path.startswith(reward.path + ".")):
        raise NotFound()
    if not reward.is_active:
        raise Conflict(_("This reward is not on offer."), code=VolunteerError.OUT_OF_STOCK,
                       field="reward")
    balance = _apply(account, -reward.cost, _("Not enough points for this reward."), "reward")
    taken = Reward.objects.filter(pk=reward.pk, stock__gte=1, is_active=True).update(
        stock=F("stock") - 1)
    if not taken:
        raise Conflict(_("This reward is out of stock."), code=VolunteerError.OUT_OF_STOCK,
                       field="reward")
    redemption = Redemption.objects.create(
        account=account, reward=reward, cost=reward.cost, code=secrets.token_hex(5).upper(),
        path=account.path)
    _append(account=account, amount=-reward.cost, balance=balance, kind=EntryKind.SPEND,
            source=f"redemption:{redemption.pk}", actor=actor, note=reward.name)
    return redemption


@transaction.atomic
def points_transfer(*, actor, from_resident, to_resident, amount: int,
                    note: str = "") -> tuple[PointsEntry, PointsEntry]:
    """家风银行: give points to a family member of the same household. The giver's balance
    must cover the amount; both entries share one transfer reference."""
    if not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("Enter a whole number of points above zero."), field="amount")
    note = clean_text(note, field="note", limit=limit_of(PointsEntry, "note"))
    if from_resident.pk == to_resident.pk:
        raise DomainError(_("Choose another family member."), code=VolunteerError.NOT_FAMILY,
                          field="to")
    if from_resident.household_id != to_resident.household_id or not to_resident.is_active:
        raise DomainError(_("Points can only be given to a member of the same household."),
                          code=VolunteerError.NOT_FAMILY, field="to")
    giver = account_for(from_resident)
    giver.resident = from_resident
    _may_spend(actor, giver)
    taker = account_for(to_resident)
    # Lock both rows in id order so two opposite transfers cannot deadlock on PostgreSQL.
    list(PointsAccount.objects.select_for_update().filter(
        pk__in=[giver.pk, taker.pk]).order_by("pk").values_list("pk", flat=True))
    ref = f"transfer:{uuid.uuid4().hex}"
    out = _post(account=giver, amount=-amount, kind=EntryKind.TRANSFER_OUT, source=ref,
                actor=actor, note=note or str(to_resident))
    into = _post(account=taker, amount=amount, kind=EntryKind.TRANSFER_IN, source=ref,
                 actor=actor, note=note or str(from_resident))
    return out, into


@transaction.atomic
def points_adjust(*, actor, resident, amount: int, reason: str) -> PointsEntry:
    """A correction by a street or district administrator, with a reason; it may not take
    the balance below zero."""
    account_policy.require(actor, Action.ADJUST_POINTS, resident.path)
    reason = clean_text(reason, field="reason", limit=limit_of(PointsEntry, "note"),
                        required=True, required_message=_("Give a reason for the correction."))
    return _post(account=account_for(resident), amount=int(amount), kind=EntryKind.ADJUST,
                 source=f"adjust:{uuid.uuid4().hex}", actor=actor, note=reason)


# -- catalogue -----------------------------------------------------------------------------
@transaction.atomic
def reward_create(*, actor, community, name: str, kind: str, cost: int, stock: int,
                  merchant: str = "") -> Reward:
    """Put an item (爱心超市) or a merchant voucher on offer in a community."""
    reward_policy.require(actor, Action.MANAGE_POINTS, community)
    name, merchant = _reward_texts(name, merchant)
    if int(cost) < 1:
        raise DomainError(_("The price must be at least one point."), field="cost")
    if int(stock) < 0:
        raise DomainError(_("Stock cannot be negative."), field="stock")
    if kind not in RewardKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    reward = Reward.objects.create(name=name, kind=kind, merchant=merchant,
                                   cost=int(cost), stock=int(stock), community=community,
                                   path=community.path)
    audit.record(actor=actor, action="create", entity="reward", entity_id=reward.pk,
                 summary=name, after={"cost": reward.cost, "stock": reward.stock})
    return reward


def _reward_texts(name, merchant) -> tuple[str, str]:
    return (clean_text(name, field="name", limit=limit_of(Reward, "name"), required=True,
                       required_message=_("Name is required.")),
            clean_text(merchant, field="merchant", limit=limit_of(Reward, "merchant")))


@transaction.atomic
def reward_update(*, actor, reward: Reward, name: str, kind: str, cost: int,
                  merchant: str = "", is_active: bool = True) -> Reward:
    """Change a reward's description or price, or take it off offer. Stock moves only
    through ``reward_restock`` (and redemptions), so a count is never overwritten."""
    reward_policy.require(actor, Action.MANAGE_POINTS, reward)
    name, merchant = _reward_texts(name, merchant)
    if kind not in RewardKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if int(cost) < 1:
        raise DomainError(_("The price must be at least one point."), field="cost")
    before = {"name": reward.name, "kind": reward.kind, "merchant": reward.merchant,
              "cost": reward.cost, "is_active": reward.is_active}
    after = {"name": name, "kind": kind, "merchant": merchant,
             "cost": int(cost), "is_active": bool(is_active)}
    Reward.objects.filter(pk=reward.pk).update(**after)
    reward.refresh_from_db()
    b, a = audit.diff(before, after)
    if a:
        audit.record(actor=actor, action="update", entity="reward", entity_id=reward.pk,
                     summary=reward.name, before=b, after=a)
    return reward


@transaction.atomic
def reward_restock(*, actor, reward: Reward, quantity: int) -> Reward:
    """Add units to a reward's stock (or withdraw unsold ones with a negative quantity)."""
    reward_policy.require(actor, Action.MANAGE_POINTS, reward)
    quantity = int(quantity)
    if quantity == 0:
        raise DomainError(_("Enter how many units to add or take away."), field="quantity")
    rows = Reward.objects.filter(pk=reward.pk)
    if quantity < 0:
        rows = rows.filter(stock__gte=-quantity)
    if not rows.update(stock=F("stock") + quantity):
        raise Conflict(_("Not that many units in stock."), code=VolunteerError.OUT_OF_STOCK,
                       field="quantity")
    reward.refresh_from_db(fields=["stock"])
    audit.record(actor=actor, action="restock", entity="reward", entity_id=reward.pk,
                 summary=reward.name, after={"quantity": quantity, "stock": reward.stock})
    return reward


@transaction.atomic
def redemption_collect(*, actor, redemption: Redemption) -> Redemption:
    """Staff hand the item or voucher over; a redemption is collected once."""
    redemption_policy.require(actor, Action.MANAGE_POINTS, redemption)
    now = timezone.now()
    done = Redemption.objects.filter(pk=redemption.pk, state=RedemptionState.ISSUED).update(
        state=RedemptionState.COLLECTED, collected_at=now,
        handed_by=user_or_none(actor))
    if not done:
        raise Conflict(_("This reward has already been collected."),
                       code=VolunteerError.INVALID_TRANSITION)
    redemption.refresh_from_db()
    audit.record(actor=actor, action="collect", entity="redemption", entity_id=redemption.pk,
                 summary=redemption.code)
    return redemption


@transaction.atomic
def rate_set(*, actor, code: str, points: int, is_active: bool = True) -> PointsRate:
    """Change how many points a configured act earns (district configuration)."""
    if actor is not None and not actor.can(Action.CONFIGURE):
        raise Forbidden()
    rate = PointsRate.objects.filter(code=code).first()
    if rate is None:
        raise NotFound()
    if not 1 <= int(points) <= MAX_RATE_POINTS:
        raise DomainError(_("Enter between 1 and %(max)d points.") % {"max": MAX_RATE_POINTS},
                          field="points")
    before = {"points": rate.points, "is_active": rate.is_active}
    rate.points, rate.is_active = int(points), bool(is_active)
    rate.save(update_fields=["points", "is_active"])
    audit.record(actor=actor, action="update", entity="points_rate", entity_id=rate.pk,
                 summary=code, before=before,
                 after={"points": rate.points, "is_active": rate.is_active})
    return rate
