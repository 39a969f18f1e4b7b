"""Writes to the territory tree. Paths are assigned here and nowhere else."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from shequ.core import audit, manifest
from shequ.core.errors import DomainError, ErrorCode
from shequ.core.freetext import clean_text

from .models import (
    CHILD_KIND,
    SEGMENT_WIDTH,
    Area,
    AreaKind,
    Building,
    Compound,
    Entrance,
    Household,
)


def _next_segment(parent: Area | None, kind: str) -> str:
    width = SEGMENT_WIDTH[kind]
    siblings = Area.objects.filter(parent=parent, kind=kind)
    last = siblings.aggregate(m=Max("path"))["m"]
    n = int(last.rsplit(".", 1)[-1]) + 1 if last else 1
    if n >= 10**width:
        raise DomainError(_("This level is full."), field="parent")
    return str(n).zfill(width)


@transaction.atomic
def area_create(*, actor, kind: str, name: str, code: str, parent: Area | None) -> Area:
    """Create a district, street, community or grid under the right kind of parent."""
    name = clean_text(name, model=Area, field="name", required=True, single_line=True)
    code = clean_text(code, model=Area, field="code", required=True, single_line=True)
    if kind not in AreaKind.values:
        raise DomainError(_("Unknown level."), field="kind")
    if kind == AreaKind.DISTRICT:
        if parent is not None:
            raise DomainError(_("A district has no parent."), field="parent")
    elif parent is None or CHILD_KIND.get(parent.kind) != kind:
        raise DomainError(_("This level cannot be placed there."), field="parent")
    if Area.objects.filter(code=code).exists():
        raise DomainError(_("This code is already used."), code=ErrorCode.DUPLICATE, field="code")
    segment = _next_segment(parent, kind)
    path = f"{parent.path}.{segment}" if parent else segment
    area = Area.objects.create(
        kind=kind,
        name=name,
        code=code,
        parent=parent,
        path=path,
        depth=(parent.depth + 1) if parent else 0,
    )
    audit.record(actor=actor, action="create", entity="area", entity_id=area.pk,
                 summary=name, after={"kind": kind, "name": name, "code": code, "path": path})
    return area


def compound_get_or_create(*, community: Area, name: str) -> tuple[Compound, bool]:
    name = clean_text(name, model=Compound, field="name", required=True, single_line=True)
    return Compound.objects.get_or_create(
        community=community, name=name, defaults={"path": community.path}
    )


def building_get_or_create(
    *, grid: Area, compound: Compound | None, name: str
) -> tuple[Building, bool]:
    if compound is not None and not grid.path.startswith(compound.path + "."):
        raise DomainError(_("The grid is not in the compound's community."), field="grid")
    name = clean_text(name, model=Building, field="name", required=True, single_line=True)
    return Building.objects.get_or_create(
        compound=compound, name=name, defaults={"grid": grid, "path": grid.path}
    )


def entrance_get_or_create(*, building: Building, name: str) -> tuple[Entrance, bool]:
    name = clean_text(name, model=Entrance, field="name", required=True, single_line=True)
    return Entrance.objects.get_or_create(
        building=building, name=name, defaults={"path": building.path}
    )


def household_address(entrance: Entrance, room: str) -> str:
    b = entrance.building
    compound = b.compound.name if b.compound_id else ""
    return f"{compound}{b.name}{entrance.name}{room}"


def household_get_or_create(*, entrance: Entrance, room: str) -> tuple[Household, bool]:
    room = (room or "").strip()
    if not room:
        raise DomainError(_("Room number is required."), code=ErrorCode.REQUIRED, field="room")
    room = clean_text(room, model=Household, field="room", single_line=True)
    address = clean_text(household_address(entrance, room), model=Household, field="address",
                         single_line=True)
    return Household.objects.get_or_create(
        entrance=entrance, room=room, defaults={"path": entrance.path, "address": address},
    )


@transaction.atomic
def building_move(*, actor, building: Building, grid: Area) -> Building:
    """Move a building to another grid of the same community, rewriting every copied path
    (entrances, households and registered followers) in one transaction."""
    if grid.kind != AreaKind.GRID:
        raise DomainError(_("A building can only be placed in a grid."), field="grid")
    if building.compound_id and not grid.path.startswith(building.compound.path + "."):
        raise DomainError(_("The grid is not in the compound's community."), field="grid")
    old = building.path
    building.grid = grid
    building.path = grid.path
    building.save(update_fields=["grid", "path"])
    Entrance.objects.filter(building=building).update(path=grid.path)
    Household.objects.filter(entrance__building=building).update(path=grid.path)
    # Rows of other apps that copy a building's path (residents, party members…): each
    # app's manifest names them, so a move rewrites them in the same transaction.
    for follower in manifest.path_followers():
        follower.model.objects.filter(**{follower.building_lookup: building}).update(
            path=grid.path)
    audit.record(actor=actor, action="move", entity="building", entity_id=building.pk,
                 summary=str(building), before={"path": old}, after={"path": grid.path})
    return building
