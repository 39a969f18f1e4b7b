"""One branch's page: its 五个基本 with their evidence, its profile, documents, members,
recent meetings and the shortfalls of the last and the current quarter."""

from __future__ import annotations

from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.organizations.models import PartyOrg

from ..models import BranchDocument, BranchProfile
from ..rules import month_index, quarter_bounds
from .basics import basics_for
from .meetings import check, meeting_list
from .members import branch_members


def branch_page(*, actor, branch: PartyOrg) -> dict:
    """What the branch page shows (a branch the actor already sees)."""
    one = PartyOrg.objects.filter(pk=branch.pk)
    today = timezone.localdate()
    first, _last = quarter_bounds(today)
    gaps, _met = check(one, first - 3, min(first + 2, month_index(today) - 1))
    return {"basics": basics_for(one, today)[0],
            "profile": BranchProfile.objects.filter(branch=branch).first(),
            "documents": list(BranchDocument.objects.filter(branch=branch)),
            "members": list(branch_members(branch.pk)[:300]),
            "meetings": list(meeting_list(actor=actor, branch_id=branch.pk)[:10]),
            "gaps": gaps.get(branch.pk, [])}


def document_get(branch: PartyOrg, document_id) -> BranchDocument:
    row = BranchDocument.objects.filter(branch=branch, pk=document_id).first()
    if row is None:
        raise NotFound()
    return row
