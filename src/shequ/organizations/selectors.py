"""Scoped reads of units and party organisations."""

from django.db.models import Count, QuerySet

from shequ.core.errors import NotFound

from .models import PartyOrg, Unit

VIEW = "view_party"


def party_org_list(*, actor) -> QuerySet[PartyOrg]:
    return (
        PartyOrg.objects.for_actor(actor, VIEW)
        .select_related("area", "parent")
        .annotate(member_count=Count("members"))
    )


def party_org_get_for_actor(actor, org_id) -> PartyOrg:
    try:
        return PartyOrg.objects.for_actor(actor, VIEW).select_related("area", "parent").get(pk=org_id)
    except (PartyOrg.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def unit_list(*, actor) -> QuerySet[Unit]:
    return Unit.objects.for_actor(actor, "view_territory").select_related("area")
