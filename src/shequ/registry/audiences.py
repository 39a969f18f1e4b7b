"""Party organisations as an audience of notices (``notices.audiences``): where each sits,
and the accounts of the members of an organisation and of its sub-organisations."""

from __future__ import annotations

from shequ.organizations.models import PartyOrg
from shequ.organizations.selectors import party_org_list

from .models import Resident


def org_places(ids: list[int]) -> dict[int, str]:
    return dict(PartyOrg.objects.filter(pk__in=ids).values_list("pk", "path"))


def org_member_users(ids: list[int]) -> list[int]:
    """Linked, active accounts of the members of ``ids`` and every organisation under them."""
    wanted, level = set(ids), set(ids)
    while level:  # an organisation tree is a few levels deep
        level = set(PartyOrg.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        level -= wanted
        wanted |= level
    return list(Resident.objects.filter(membership__org_id__in=wanted, user__isnull=False,
                                        user__is_active=True).values_list("user_id", flat=True))


def org_choices(actor) -> list[tuple[int, str]]:
    """The organisations the actor sees, for the new-notice form (the service checks that
    the ones chosen lie in the area addressed)."""
    return [(o.pk, str(o)) for o in party_org_list(actor=actor)[:500]]
