"""Scoped reads of the territory tree."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from shequ.core.errors import NotFound

from .models import Area, AreaKind, Building, Compound, Household

VIEW = "view_territory"


def area_list(*, actor, kind: str | None = None, parent: Area | None = None) -> QuerySet[Area]:
    """Areas inside the actor's grants, optionally one level or one parent's children."""
    qs = Area.objects.for_actor(actor, VIEW)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.order_by("path")


def area_roots_for_actor(actor) -> list[Area]:
    """The top nodes of the actor's grants (what the tree browser starts from)."""
    paths = actor.scope_for(VIEW).paths if actor.is_authenticated else ()
    return list(Area.objects.filter(path__in=paths).order_by("path"))


def area_get_for_actor(actor, area_id) -> Area:
    try:
        return Area.objects.for_actor(actor, VIEW).get(pk=area_id)
    except (Area.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def area_ancestors(area: Area) -> list[Area]:
    """Breadcrumb for an area the caller already may see: names only, no scoped data."""
    parts = area.path.split(".")
    paths = [".".join(parts[: i + 1]) for i in range(len(parts) - 1)]
    return list(Area.objects.filter(path__in=paths).order_by("path"))


def building_list(*, actor, grid: Area | None = None) -> QuerySet[Building]:
    qs = Building.objects.for_actor(actor, VIEW).select_related("compound", "grid")
    if grid is not None:
        qs = qs.filter(grid=grid)
    return qs


def building_get_for_actor(actor, building_id, *, field: str | None = None) -> Building:
    """One building in the actor's view scope; NotFound for missing and out of scope."""
    try:
        return building_list(actor=actor).get(pk=building_id)
    except (Building.DoesNotExist, ValueError, TypeError):
        raise NotFound(field=field) from None


def compound_get_for_actor(actor, compound_id, *, field: str | None = None) -> Compound:
    """One compound in the actor's view scope; NotFound for missing and out of scope."""
    try:
        return Compound.objects.for_actor(actor, VIEW).get(pk=compound_id)
    except (Compound.DoesNotExist, ValueError, TypeError):
        raise NotFound(field=field) from None


def household_list(*, actor, building: Building | None = None) -> QuerySet[Household]:
    qs = Household.objects.for_actor(actor, "view_people")
    if building is not None:
        qs = qs.filter(entrance__building=building)
    return qs


def household_get_for_actor(actor, household_id) -> Household:
    try:
        return (
            Household.objects.for_actor(actor, "view_people")
            .select_related("entrance__building__compound", "entrance__building__grid")
            .get(pk=household_id)
        )
    except (Household.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def natural_key(text: str) -> list:
    """Sort key where numbers compare as numbers: 7栋 before 12栋, 302 before 1101."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def compound_list(*, actor, community: Area) -> QuerySet[Compound]:
    """A community's compounds in the actor's scope, by name."""
    return Compound.objects.for_actor(actor, VIEW).filter(community=community).order_by("name")


# -- where a record lies ------------------------------------------------------------------
# Paths are district.street.community[.grid]: a community's path is the first three segments.
def community_path(path: str) -> str:
    """The community part (district.street.community) of a territory path."""
    return ".".join(path.split(".")[:3])


def community_of(path: str) -> Area | None:
    """The community a record at ``path`` lies in; None above community level."""
    if path.count(".") < 2:
        return None
    return Area.objects.filter(path=community_path(path), kind=AreaKind.COMMUNITY).first()


def communities_for(actor, action: str, *, grids_count: bool = False) -> QuerySet[Area]:
    """Communities where ``actor`` holds ``action``, by path (the community choice of a
    module's create form). With ``grids_count`` a grant on a grid counts for its community
    when the actor holds no whole community."""
    qs = Area.objects.for_actor(actor, action).filter(kind=AreaKind.COMMUNITY).order_by("path")
    if not grids_count or qs.exists():
        return qs
    paths = {community_path(p) for p in actor.scope_for(action).paths}
    return Area.objects.filter(kind=AreaKind.COMMUNITY, path__in=paths).order_by("path")
