"""Scoped reads of units and party organisations."""

from django.db.models import Count, QuerySet

from shequ.core.errors import NotFound
from shequ.territory.models import Area

from .models import PartTimeMember, PartyOrg, Unit

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


def unit_get_for_actor(actor, unit_id, *, field: str | None = None) -> Unit:
    """One unit in the actor's view scope; NotFound for missing and out of scope."""
    try:
        return unit_list(actor=actor).get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise NotFound(field=field) from None


def part_time_member_get_for_actor(actor, member_id) -> PartTimeMember:
    try:
        return (PartTimeMember.objects.for_actor(actor, VIEW)
                .select_related("committee__area").get(pk=member_id))
    except (PartTimeMember.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def area_choices(*, actor, action: str = "edit_party") -> QuerySet[Area]:
    """Areas an organisation or unit may be attached to by the actor."""
    return Area.objects.for_actor(actor, action).order_by("path")


def party_org_choices(*, actor) -> QuerySet[PartyOrg]:
    """Organisations in scope, in tree order, for a choice list (no member counts)."""
    return PartyOrg.objects.for_actor(actor, VIEW).order_by("path", "kind", "name")


def open_unit_choices(*, actor) -> QuerySet[Unit]:
    """Open units in scope, by name."""
    return (Unit.objects.for_actor(actor, "view_territory").filter(closed_at__isnull=True)
            .order_by("name"))


def units_by_credit_code_anywhere() -> dict[str, Unit]:
    """Every open unit by its unified social credit code, outside any scope: the one
    cross-scope look-up of units. A credit code is unique nationwide, and a party member's
    work unit (双报到) may lie outside the street that imports the member; the caller
    links the member to the unit and shows nothing else of it. Loaded in one query, for
    the importer's bulk runs."""
    return {u.credit_code: u for u in Unit.objects.filter(closed_at__isnull=True)
            .only("pk", "name", "credit_code", "path", "area_id")}
