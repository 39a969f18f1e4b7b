"""Writes for the 五个基本 items no other record holds: the committee confirmed complete
(基本组织) and the year's funds (基本保障), and the branch's documents (rules for 基本制度,
the election record and the funds record as evidence)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError
from shequ.organizations.models import PartyOrg

from ..models import BranchDocument, BranchProfile, DocumentKind
from ..policies import Action, profile_policy
from .files import check_file, content_type, safe_name
from .meetings import require_branch


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the amount as a number."), field="funds_amount") from None
    if amount < 0 or amount >= Decimal("1e10"):
        raise DomainError(_("Enter an amount of zero or more."), field="funds_amount")
    return amount


@transaction.atomic
def profile_update(*, actor, branch: PartyOrg, committee_complete: bool,
                   funds_amount) -> BranchProfile:
    """Confirm the branch committee complete and record the year's funds."""
    profile_policy.require(actor, Action.MANAGE_BRANCHES, branch)
    require_branch(branch)
    amount = _amount(funds_amount)
    row, _created = BranchProfile.objects.select_for_update().get_or_create(
        branch=branch, defaults={"path": branch.path})
    before = {"committee_complete": row.committee_complete, "funds_amount": row.funds_amount}
    row.committee_complete, row.funds_amount = bool(committee_complete), amount
    row.updated_by = actor if getattr(actor, "pk", None) else None
    row.save()
    b, a = audit.diff(before, {"committee_complete": row.committee_complete,
                               "funds_amount": row.funds_amount})
    if a:
        audit.record(actor=actor, action="update", entity="branch_profile", entity_id=row.pk,
                     summary=branch.name, before=b, after=a)
    return row


@transaction.atomic
def document_add(*, actor, branch: PartyOrg, kind: str, file) -> BranchDocument:
    """A document of a branch (its rules, an election record, a funds record)."""
    profile_policy.require(actor, Action.MANAGE_BRANCHES, branch)
    require_branch(branch)
    if kind not in DocumentKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if file is None:
        raise DomainError(_("Choose a file."), field="file")
    check_file(file)
    row = BranchDocument(branch=branch, kind=kind, original_name=safe_name(file.name)[-120:],
                         content_type=content_type(file), path=branch.path,
                         uploaded_by=actor if getattr(actor, "pk", None) else None)
    row.file.save(safe_name(file.name), file, save=True)
    audit.record(actor=actor, action="add_document", entity="branch_document",
                 entity_id=row.pk, summary=row.original_name, after={"kind": kind})
    return row
