"""Importing a branch's bank statement of dues: every row matched to a member of the branch
and checked by the same rules as a payment by hand, then all written — or none, with the
rows that failed listed (line and reason), so a statement is never half imported."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember

from ..errors import MembershipErrorCode
from ..models import DuesPayment, PaymentMethod, Transfer, TransferState
from ..policies import Action, payment_policy
from ..statement import StatementRow, parse_date, parse_month
from .dues import _check_payment, _user


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


class StatementRefused(DomainError):
    """A statement with rows that cannot be imported: nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(_("Nothing was imported: %(n)d row(s) cannot be matched or recorded.")
                         % {"n": len(problems)}, code=MembershipErrorCode.STATEMENT_ROWS,
                         field="file")
        self.problems = problems

    def as_dict(self) -> dict:
        return {**super().as_dict(),
                "problems": [{"line": p.line, "message": p.message} for p in self.problems]}


@dataclass(frozen=True)
class Imported:
    count: int
    total: Decimal


def branch_members(org: PartyOrg):
    """The members of ``org`` still in the district (a confirmed transfer out of it ends
    their dues here), with their resident."""
    left = Transfer.objects.filter(member=OuterRef("pk"), state=TransferState.CONFIRMED,
                                   to_org__isnull=True)
    return (PartyMember.objects.filter(org=org).exclude(Exists(left))
            .select_related("resident", "org").order_by("id"))


def _match(row: StatementRow, by_ref: dict, by_name: dict) -> PartyMember:
    if row.ref:
        member = by_ref.get(row.ref.lstrip("#"))
        if member is None:
            raise DomainError(_("No member of this branch has the reference %(ref)s.")
                              % {"ref": row.ref})
        return member
    found = by_name.get((row.name, row.tail4.upper()), [])
    if len(found) != 1:
        raise DomainError(_("No single member of this branch is %(name)s with an ID number "
                            "ending %(tail)s.") % {"name": row.name, "tail": row.tail4})
    return found[0]


@transaction.atomic
def dues_import(*, actor, org: PartyOrg, rows: list[StatementRow]) -> Imported:
    """Record every row of a statement as a bank-import payment of a member of ``org``;
    refused as a whole (``StatementRefused`` listing each failing row) when any row names
    nobody in the branch, someone of another branch, a bad month or amount, or a month
    already paid (in the database or twice in the file)."""
    payment_policy.require(actor, Action.MANAGE_DUES, org.path)
    if not rows:
        raise DomainError(_("The statement has no rows."), code=MembershipErrorCode.STATEMENT_ROWS,
                          field="file")
    members = list(branch_members(org))
    by_ref = {str(m.pk): m for m in members}
    by_name: dict[tuple, list] = {}
    for m in members:
        by_name.setdefault((m.resident.name, m.resident.id_tail4.upper()), []).append(m)
    paid = set(DuesPayment.objects.filter(member__in=members).values_list("member_id", "month"))
    problems, ready, seen = [], [], set()
    for row in rows:
        try:
            member = _match(row, by_ref, by_name)
            month = parse_month(row.month)
            if month is None:
                raise DomainError(_("The month %(text)s is not a month (2026-03).")
                                  % {"text": row.month or "—"})
            paid_on = parse_date(row.paid_on) if row.paid_on else None
            if row.paid_on and paid_on is None:
                raise DomainError(_("The date %(text)s is not a date.") % {"text": row.paid_on})
            _p, month, amount, paid_on = _check_payment(
                actor=actor, org=org, member=member, month=month, amount=row.amount,
                paid_on=paid_on)
            if (member.pk, month) in paid or (member.pk, month) in seen:
                raise DomainError(_("%(name)s's dues for %(month)s are already recorded.")
                                  % {"name": member, "month": f"{month:%Y-%m}"})
        except (NotFound, Forbidden):
            raise
        except DomainError as exc:
            problems.append(Problem(row.line, exc.message))
            continue
        seen.add((member.pk, month))
        ready.append(DuesPayment(member=member, org=org, month=month, amount=amount,
                                 method=PaymentMethod.BANK_IMPORT, paid_on=paid_on,
                                 reference=row.reference[:60], recorded_by=_user(actor),
                                 path=org.path))
    if problems:
        raise StatementRefused(problems)
    try:
        with transaction.atomic():
            DuesPayment.objects.bulk_create(ready)
    except IntegrityError:  # a month recorded by hand meanwhile
        raise StatementRefused([Problem(0, _("A month was recorded meanwhile; import again."))]) \
            from None
    total = sum((p.amount for p in ready), Decimal("0"))
    audit.record(actor=actor, action="dues_import", entity="party_org", entity_id=org.pk,
                 summary=org.name, after={"payments": len(ready), "total": total})
    return Imported(len(ready), total)
