"""Writes for party dues: a member's category and income base (the monthly amount follows
from the band table), payments recorded one month at a time, by hand or from a bank
statement. Every payment is the branch's: the actor holds ``manage_dues`` over the branch
and the member belongs to it, else it is refused (a member of another branch, a branch
out of sight). Money is ``Decimal`` throughout, rounded to the fen half up."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit, crypto
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.freetext import clean_text
from shequ.core.reveal import reveal
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember

from ..errors import MembershipErrorCode
from ..models import DuesBand, DuesCategory, DuesPayment, DuesProfile, PaymentMethod
from ..policies import Action, dues_policy, payment_policy

FEN = Decimal("0.01")
MAX_BASE = Decimal("10000000")
MAX_PAYMENT = Decimal("1000000")
# Categories whose amount is a rate of the income base (the others pay a fixed amount).
BY_INCOME = {DuesCategory.EMPLOYED, DuesCategory.RETIRED}
MONTHS_AHEAD = 12   # a member may pay up to a year in advance


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    y, m = divmod(month.month - 1 + n, 12)
    return dt.date(month.year + y, m + 1, 1)


def money(value, *, field: str, least: Decimal = Decimal("0"), most: Decimal = MAX_PAYMENT,
          required: bool = True) -> Decimal | None:
    """A sum of yuan as Decimal with at most two decimals, within [least, most]. Floats are
    read through their text so 0.1 stays 0.1."""
    if value in (None, ""):
        if required:
            raise DomainError(_("Enter an amount."), code=ErrorCode.REQUIRED, field=field)
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise DomainError(_("Enter an amount in yuan, such as 12.50."),
                          code=MembershipErrorCode.BAD_AMOUNT, field=field) from None
    if not amount.is_finite() or amount != amount.quantize(FEN) or not least <= amount <= most:
        raise DomainError(_("Enter an amount in yuan with at most two decimals, from "
                            "%(least)s to %(most)s.") % {"least": least, "most": most},
                          code=MembershipErrorCode.BAD_AMOUNT, field=field)
    return amount.quantize(FEN)


def amount_for(category: str, base: Decimal | None) -> Decimal:
    """The monthly dues of ``category`` on income ``base`` by the band table: the first band
    (in ascending ``up_to``, an open one last) whose bound the base does not exceed."""
    for band in DuesBand.objects.filter(category=category):
        if band.up_to is not None and (base is None or base > band.up_to):
            continue
        if band.fixed_amount is not None:
            return band.fixed_amount
        if base is not None:
            return (base * band.rate).quantize(FEN, rounding=ROUND_HALF_UP)
        break
    raise DomainError(_("The dues table has no band for this category and income."),
                      code=MembershipErrorCode.NO_BAND, field="category")


def _require_manage(actor, org: PartyOrg) -> None:
    dues_policy.require(actor, Action.MANAGE_DUES, org.path)


@transaction.atomic
def dues_profile_set(*, actor, member: PartyMember, category: str, base=None,
                     since: dt.date | None = None) -> DuesProfile:
    """Set a member's category and income base; the monthly amount is computed from the
    band table. The base is stored encrypted and never written to the audit trail."""
    _require_manage(actor, member.org)
    if category not in DuesCategory.values:
        raise DomainError(_("Choose a category from the list."), field="category")
    base = money(base, field="base", most=MAX_BASE, required=category in BY_INCOME)
    if category not in BY_INCOME:
        base = None
    amount = amount_for(category, base)
    since = month_start(since or timezone.localdate())
    profile = DuesProfile.objects.select_for_update().filter(member=member).first()
    before = {"category": profile.category, "monthly_amount": profile.monthly_amount,
              "since": profile.since} if profile else None
    if profile is None:
        profile = DuesProfile(member=member)
    profile.category, profile.monthly_amount, profile.since = category, amount, since
    profile.base_enc = crypto.encrypt(str(base)) if base is not None else None
    profile.path = member.org.path
    profile.save()
    audit.record(actor=actor, action="dues_profile_set", entity="dues_profile",
                 entity_id=profile.pk, summary=str(member),
                 before=before, after={"category": category, "monthly_amount": amount,
                                       "since": since})
    return profile


def profile_base(profile: DuesProfile) -> Decimal | None:
    """The clear income base, for the member's own dues page only: staff see it through
    :func:`dues_base_reveal`, which audits (callers decide who is the member)."""
    return Decimal(crypto.decrypt(profile.base_enc)) if profile.base_enc else None


def can_reveal_base(actor, member: PartyMember) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and dues_policy.can(
        actor, Action.MANAGE_DUES, member.org.path)


def dues_base_reveal(*, actor, member: PartyMember, reason: str) -> Decimal:
    """A member's income base in clear for a book-keeper, the way a resident's ID number is
    shown (``core.reveal``): only to a person who keeps the branch's books, with a reason,
    the audit row (action ``reveal``) written first. Someone who cannot see the member is
    told they do not exist; one who sees them without keeping the books is refused."""
    if not dues_policy.can(actor, Action.VIEW_BRANCH, member.org.path):
        raise NotFound()
    # An income shown in clear is a person's act (and logged as theirs), never the system's.
    if not can_reveal_base(actor, member):
        raise Forbidden()
    profile = DuesProfile.objects.filter(member=member).first()
    value = reveal(actor=actor, blob=profile.base_enc if profile else None, field="base",
                   entity="dues_profile", entity_id=profile.pk if profile else member.pk,
                   summary=f"{member} base", reason=reason)
    return Decimal(value)


def _check_payment(*, actor, org: PartyOrg, member: PartyMember, month: dt.date,
                   amount, paid_on: dt.date | None) -> tuple[DuesProfile, dt.date, Decimal, dt.date]:
    """The refusals a payment meets, on every door (form, API, statement import)."""
    payment_policy.require(actor, Action.MANAGE_DUES, org.path)
    if member.org_id != org.pk:
        # Named only to someone who may see the member's own branch: a refusal must not
        # tell who is behind an id out of the actor's sight.
        seen = dues_policy.can(actor, Action.VIEW_BRANCH, member.org.path)
        raise DomainError(_("%(name)s is not a member of %(branch)s.")
                          % {"name": member if seen else _("This person"), "branch": org.name},
                          code=MembershipErrorCode.NOT_IN_BRANCH, field="member")
    profile = DuesProfile.objects.filter(member=member).first()
    if profile is None:
        raise DomainError(_("Set %(name)s's dues category and income first.") % {"name": member},
                          code=MembershipErrorCode.NO_DUES_PROFILE, field="member")
    month = month_start(month)
    today = timezone.localdate()
    if month < profile.since or month > add_months(month_start(today), MONTHS_AHEAD):
        raise DomainError(_("Dues are payable from %(since)s, at most a year ahead.")
                          % {"since": f"{profile.since:%Y-%m}"},
                          code=MembershipErrorCode.BAD_MONTH, field="month")
    amount = (money(amount, field="amount", least=FEN) if amount not in (None, "")
              else profile.monthly_amount)
    paid_on = paid_on or today
    if paid_on > today:
        raise DomainError(_("The payment date is in the future."), field="paid_on")
    return profile, month, amount, paid_on


@transaction.atomic
def dues_pay(*, actor, org: PartyOrg, member: PartyMember, month: dt.date, amount=None,
             method: str = PaymentMethod.CASH, paid_on: dt.date | None = None,
             reference: str = "") -> DuesPayment:
    """Record one month's dues of a member of ``org`` (the monthly amount unless another
    is given: members may pay more). Refused: a member of another branch, a branch out
    of the actor's ``manage_dues`` scope, a month already paid or out of range."""
    if method not in PaymentMethod.values:
        raise DomainError(_("Choose a method from the list."), field="method")
    _profile, month, amount, paid_on = _check_payment(
        actor=actor, org=org, member=member, month=month, amount=amount, paid_on=paid_on)
    reference = clean_text(reference, field="reference", model=DuesPayment, single_line=True)
    if DuesPayment.objects.filter(member=member, month=month).exists():
        raise Conflict(_("%(name)s's dues for %(month)s are already recorded.")
                       % {"name": member, "month": f"{month:%Y-%m}"},
                       code=MembershipErrorCode.ALREADY_PAID, field="month")
    try:
        with transaction.atomic():
            payment = DuesPayment.objects.create(
                member=member, org=org, month=month, amount=amount, method=method,
                paid_on=paid_on, reference=reference, recorded_by=_user(actor), path=org.path)
    except IntegrityError:  # the same month recorded at the same moment elsewhere
        raise Conflict(_("%(name)s's dues for %(month)s are already recorded.")
                       % {"name": member, "month": f"{month:%Y-%m}"},
                       code=MembershipErrorCode.ALREADY_PAID, field="month") from None
    audit.record(actor=actor, action="dues_pay", entity="dues_payment", entity_id=payment.pk,
                 summary=f"{member} {month:%Y-%m}",
                 after={"amount": amount, "method": method, "paid_on": paid_on})
    return payment


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
