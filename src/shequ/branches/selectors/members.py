"""A branch's member list: the party members of the branch and of its 党小组."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shequ.registry.models import PartyMember


def members_q(branch_ids, prefix: str = "") -> Q:
    """Members whose organisation is one of ``branch_ids`` or a group under one."""
    return (Q(**{f"{prefix}org_id__in": branch_ids})
            | Q(**{f"{prefix}org__parent_id__in": branch_ids}))


def branch_members(branch_id: int) -> QuerySet[PartyMember]:
    return (PartyMember.objects.filter(members_q([branch_id]))
            .select_related("resident").order_by("id"))


def in_branch(member: PartyMember, branch_id: int) -> bool:
    return member.org_id == branch_id or member.org.parent_id == branch_id
