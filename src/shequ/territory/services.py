"""Writes to the territory tree. Paths are assigned here and nowhere else."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from shequ.core import audit, manifest
from shequ.core.actors import is_system
from shequ.core.errors import (
    Conflict,
    DomainError,
    ErrorCode,
    Forbidden,
    NotFound,
    from_validation_error,
)
from shequ.core.freetext import clean_text
from shequ.core.scoping import require_at
from shequ.core.validators import validate_area_code

from .boundaries import parse_boundary
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


MANAGE = "manage_territory"
VIEW = "view_territory"


def _require_manage(actor, path: str) -> None:
    """Refuse unless the actor administers ``path`` (None is the system: CLI, imports)."""
    require_at(actor, MANAGE, path, view_action=VIEW)


def _require_manage_area(actor, area: Area) -> None:
    """Changing an area takes a grant over the area that holds it (a street administrator
    shapes their street's communities, not the street itself); a district, over itself."""
    try:
        _require_manage(actor, area.parent.path if area.parent_id else area.path)
    except NotFound:
        if actor.scope_for(VIEW).covers_path(area.path):
            raise Forbidden() from None
        raise


def _area_code(code: str, *, kind: str, parent: Area | None) -> str:
    parent_code = parent.code if parent is not None and parent.code.isdigit() else None
    try:
        return validate_area_code(code, kind=kind, parent_code=parent_code)
    except ValidationError as exc:
        raise from_validation_error(exc, field="code") from exc


def _next_grid_code(community: Area) -> str:
    """community code + the first free 3-digit number after the highest grid code in use."""
    used = {
        c[len(community.code):]
        for c in Area.objects.filter(parent=community, code__startswith=community.code)
        .values_list("code", flat=True)
    }
    numbers = [int(u) for u in used if len(u) == 3 and u.isdigit()]
    n = max(numbers, default=0) + 1
    if n > 999:
        raise DomainError(_("This level is full."), field="code")
    return f"{community.code}{n:03d}"


@transaction.atomic
def area_create(*, actor, kind: str, name: str, code: str = "", parent: Area | None) -> Area:
    """Create a district, street, community or grid under the right kind of parent. Codes
    are 统计用区划代码 (district 6, street 9, community 12 digits), each under its parent's;
    a grid given no code gets its community's code + the next 3 digits."""
    name = clean_text(name, model=Area, field="name", required=True, single_line=True)
    if kind not in AreaKind.values:
        raise DomainError(_("Unknown level."), field="kind")
    if kind == AreaKind.DISTRICT:
        if parent is not None:
            raise DomainError(_("A district has no parent."), field="parent")
        if not is_system(actor) and not getattr(actor, "is_superuser", False):
            raise Forbidden()
    elif parent is None or CHILD_KIND.get(parent.kind) != kind:
        raise DomainError(_("This level cannot be placed there."), field="parent")
    else:
        _require_manage(actor, parent.path)
    if kind == AreaKind.GRID and not str(code or "").strip() and parent.code.isdigit():
        code = _next_grid_code(parent)
    code = _area_code(code, kind=kind, parent=parent)
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


@transaction.atomic
def area_update(*, actor, area: Area, name: str | None = None, code: str | None = None) -> Area:
    """Rename and/or re-code an area. A new code must still lie under the parent's; the
    codes below that began with the old code are re-based onto the new one (区划调整)."""
    _require_manage_area(actor, area)
    area = Area.objects.select_for_update().get(pk=area.pk)
    before = {"name": area.name, "code": area.code}
    if name is not None:
        area.name = clean_text(name, model=Area, field="name", required=True, single_line=True)
    descendants: list[Area] = []
    if code is not None:
        new_code = _area_code(code, kind=area.kind, parent=area.parent)
        old_code = area.code
        if new_code != old_code:
            if Area.objects.filter(code=new_code).exclude(pk=area.pk).exists():
                raise DomainError(_("This code is already used."), code=ErrorCode.DUPLICATE,
                                  field="code")
            descendants = list(Area.objects.filter(
                path__startswith=area.path + ".", code__startswith=old_code))
            for d in descendants:
                d.code = new_code + d.code[len(old_code):]
            clash = Area.objects.filter(code__in=[d.code for d in descendants]).exclude(
                pk__in=[d.pk for d in descendants])
            if clash.exists():
                raise DomainError(_("A code below this area would collide with one in use."),
                                  code=ErrorCode.DUPLICATE, field="code")
            area.code = new_code
    after = {"name": area.name, "code": area.code}
    if after == before:
        return area
    # Children first move to a temporary code so the unique index never sees two equal.
    for d in descendants:
        Area.objects.filter(pk=d.pk).update(code=f"~{d.pk}")
    area.save(update_fields=["name", "code"])
    for d in descendants:
        Area.objects.filter(pk=d.pk).update(code=d.code)
    b, a = audit.diff(before, after)
    audit.record(actor=actor, action="update", entity="area", entity_id=area.pk,
                 summary=area.name, before=b, after={**a, "recoded_below": len(descendants)}
                 if descendants else a)
    return area


def area_blockers(area: Area) -> list[str]:
    """What keeps an area from being retired, as short phrases (empty: it may go). Every
    scoped model (core.scoping) is asked for a row inside the area, so a new app's records
    block a retirement without registering anything."""
    from django.apps import apps
    from django.db.models import Q

    reasons = []
    if Area.objects.filter(parent=area).exists():
        reasons.append(_("areas below it"))
    for model in apps.get_models():
        field = getattr(model, "scope_path_field", None)
        if model is Area or not field:
            continue
        q = Q(**{field: area.path}) | Q(**{f"{field}__startswith": area.path + "."})
        if model._default_manager.filter(q).exists():
            reasons.append(str(model._meta.verbose_name))
    return reasons


@transaction.atomic
def area_retire(*, actor, area: Area, reason: str = "") -> None:
    """Remove an area that holds nothing: no areas below, no housing, no units, no party
    organisations, no records. Its audit row keeps what it was."""
    _require_manage_area(actor, area)
    blockers = area_blockers(area)
    if blockers:
        raise Conflict(_("This area cannot be retired: it still holds %(what)s.")
                       % {"what": "、".join(blockers)}, field="area")
    snapshot = {"kind": area.kind, "name": area.name, "code": area.code, "path": area.path}
    pk = area.pk
    try:
        with transaction.atomic():
            area.delete()
    except ProtectedError:
        raise Conflict(_("This area cannot be retired: records still refer to it."),
                       field="area") from None
    audit.record(actor=actor, action="retire", entity="area", entity_id=pk,
                 summary=snapshot["name"], before=snapshot, reason=reason)


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
    _require_manage(actor, building.path)
    _require_manage(actor, grid.path)
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


@transaction.atomic
def compound_create(*, actor, community: Area, name: str) -> Compound:
    """A named compound (小区) in a community; names are unique within the community."""
    if community.kind != AreaKind.COMMUNITY:
        raise DomainError(_("A compound belongs to a community."), field="community")
    _require_manage(actor, community.path)
    name = clean_text(name, model=Compound, field="name", required=True, single_line=True)
    if Compound.objects.filter(community=community, name=name).exists():
        raise DomainError(_("This community already has a compound of this name."),
                          code=ErrorCode.DUPLICATE, field="name")
    compound = Compound.objects.create(community=community, name=name, path=community.path)
    audit.record(actor=actor, action="create", entity="compound", entity_id=compound.pk,
                 summary=name, after={"name": name, "community": community.code})
    return compound


def _coordinate(value, *, field: str, bound: int) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip()).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Not a number."), field=field) from None
    if not number.is_finite() or abs(number) > bound:
        raise DomainError(_("Out of range: between -%(b)d and %(b)d.") % {"b": bound},
                          field=field)
    return number


@transaction.atomic
def building_create(*, actor, grid: Area, compound: Compound | None, name: str,
                    lat=None, lng=None) -> Building:
    """A building (楼栋) in a grid, usually in a compound of the grid's community, with
    optional coordinates (WGS-84 degrees; both or neither)."""
    if grid.kind != AreaKind.GRID:
        raise DomainError(_("A building can only be placed in a grid."), field="grid")
    _require_manage(actor, grid.path)
    if compound is not None and not grid.path.startswith(compound.path + "."):
        raise DomainError(_("The grid is not in the compound's community."), field="grid")
    name = clean_text(name, model=Building, field="name", required=True, single_line=True)
    lat = _coordinate(lat, field="lat", bound=90)
    lng = _coordinate(lng, field="lng", bound=180)
    if (lat is None) != (lng is None):
        raise DomainError(_("Give both latitude and longitude, or neither."),
                          field="lng" if lng is None else "lat")
    dup = Building.objects.filter(compound=compound, name=name)
    if compound is None:
        dup = dup.filter(grid=grid)
    if dup.exists():
        raise DomainError(_("A building of this name already exists here."),
                          code=ErrorCode.DUPLICATE, field="name")
    building = Building.objects.create(grid=grid, compound=compound, name=name,
                                       path=grid.path, lat=lat, lng=lng)
    audit.record(actor=actor, action="create", entity="building", entity_id=building.pk,
                 summary=str(building), after={"name": name, "grid": grid.code,
                                               "lat": lat, "lng": lng})
    return building


@transaction.atomic
def entrance_create(*, actor, building: Building, name: str) -> Entrance:
    """A unit entrance (单元) of a building; names are unique within the building."""
    _require_manage(actor, building.path)
    name = clean_text(name, model=Entrance, field="name", required=True, single_line=True)
    if Entrance.objects.filter(building=building, name=name).exists():
        raise DomainError(_("This building already has an entrance of this name."),
                          code=ErrorCode.DUPLICATE, field="name")
    entrance = Entrance.objects.create(building=building, name=name, path=building.path)
    audit.record(actor=actor, action="create", entity="entrance", entity_id=entrance.pk,
                 summary=str(entrance), after={"name": name, "building": building.pk})
    return entrance


@transaction.atomic
def grid_boundary_set(*, actor, grid: Area, geojson) -> Area:
    """Store a grid's boundary from GeoJSON after checking it is one valid polygon."""
    if grid.kind != AreaKind.GRID:
        raise DomainError(_("Only a grid has a boundary."), field="area")
    _require_manage(actor, grid.path)
    boundary = json.loads(json.dumps(parse_boundary(geojson)))
    grid.polygon = boundary
    grid.save(update_fields=["polygon"])
    audit.record(actor=actor, action="update", entity="area", entity_id=grid.pk,
                 summary=grid.name, after={"boundary": boundary["type"]})
    return grid


# A whole area's move lives in its own module (codes, every scoped path, the apps' hooks).
from .moves import area_move  # noqa: E402, F401 - re-exported: services are the app's door
