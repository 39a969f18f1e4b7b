"""Moving a whole area: a community to another street, a grid to another community
(区划调整). Re-exported by ``territory.services`` as ``area_move``.

Codes (统计用区划代码): a community's code must lie under its street's, so a moved
community gets ``new street's code + its own last 3 digits`` (another code may be given;
a clash is refused and asks for one); a grid gets ``new community's code + its last 3
digits``, or the next free number when that is taken (grid codes are assigned, not
official). Codes below that began with the old code are re-based, as a re-code does.

Paths: the area gets the next free segment under its new parent; every row of every
scoped model (``scope_path_field``: housing, residents, party members, cases, units,
organisations…) lying at or under the old path is rewritten by prefix in one UPDATE per
model, so a grid worker of a moved grid still sees exactly their grid and its records
follow (append-only ledgers excepted: history is not rewritten). Compounds whose buildings all lie in a moved grid go with it; a compound split
between the grid and the rest of its community is refused. Rows that name a community by
key (a course, a team) stay where they were filed. Then the apps' ``area_move_hooks`` run
(organizations re-attaches party organisations to the new parent's committee, or refuses).
One transaction; the actor must manage both the old and the new parent."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from shequ.core import appendonly, audit, manifest
from shequ.core.errors import Conflict, DomainError, ErrorCode

from .models import CHILD_KIND, Area, AreaKind, Building, Compound
from .services import _area_code, _next_grid_code, _next_segment, _require_manage

MOVABLE = {AreaKind.COMMUNITY: AreaKind.STREET, AreaKind.GRID: AreaKind.COMMUNITY}


def _moved_code(area: Area, parent: Area, code: str | None) -> str:
    """The area's code under its new parent (see the module docstring)."""
    if code:
        return _area_code(code, kind=area.kind, parent=parent)
    if not (area.code.isdigit() and parent.code.isdigit()):
        return area.code  # a local code outside the statistical scheme stays as it is
    derived = parent.code + area.code[-3:]
    if not Area.objects.filter(code=derived).exclude(pk=area.pk).exists():
        return _area_code(derived, kind=area.kind, parent=parent)
    if area.kind == AreaKind.GRID:
        return _next_grid_code(parent)
    raise Conflict(_("The code %(code)s is already used under the new street: give the "
                     "community a new code.") % {"code": derived}, code=ErrorCode.DUPLICATE,
                   field="code")


def _rebase(prefix_field: str, old: str, new: str) -> dict:
    return {prefix_field: Concat(Value(new), Substr(F(prefix_field), len(old) + 1))}


def _within(field: str, path: str) -> Q:
    return Q(**{field: path}) | Q(**{f"{field}__gte": path + ".", f"{field}__lt": path + ".~"})


def _compounds_follow(grid: Area, community: Area) -> list[int]:
    """Compounds of a moving grid: those wholly in it move with it."""
    ids = set(Building.objects.filter(grid=grid, compound__isnull=False)
              .values_list("compound_id", flat=True))
    split = (Building.objects.filter(compound_id__in=ids).exclude(grid=grid)
             .values_list("compound__name", flat=True).distinct())
    if split:
        raise Conflict(_("The compound %(name)s has buildings in other grids of the "
                         "community: move those buildings first.") % {"name": split[0]},
                       field="area")
    return sorted(ids)


@transaction.atomic
def area_move(*, actor, area: Area, parent: Area, code: str | None = None) -> Area:
    """Move a community under another street or a grid under another community, with
    everything in it (see the module docstring for codes and paths)."""
    if MOVABLE.get(area.kind) is None:
        raise DomainError(_("Only a community or a grid can be moved to another parent."),
                          field="area")
    if parent.kind != MOVABLE[area.kind] or CHILD_KIND.get(parent.kind) != area.kind:
        raise DomainError(_("This level cannot be placed there."), field="parent")
    if parent.pk == area.parent_id:
        raise DomainError(_("The area already lies there."), field="parent")
    area = Area.objects.select_for_update().get(pk=area.pk)
    # The new parent is locked too: two moves into it must not take the same segment.
    parent = Area.objects.select_for_update().get(pk=parent.pk)
    old_parent = area.parent
    _require_manage(actor, old_parent.path)
    _require_manage(actor, parent.path)
    new_code = _moved_code(area, parent, code)
    if Area.objects.filter(code=new_code).exclude(pk=area.pk).exists():
        raise Conflict(_("This code is already used."), code=ErrorCode.DUPLICATE, field="code")
    compounds = _compounds_follow(area, parent) if area.kind == AreaKind.GRID else []
    old_path, old_code = area.path, area.code
    new_path = f"{parent.path}.{_next_segment(parent, area.kind)}"
    before = {"parent": old_parent.code, "code": old_code, "path": old_path}
    moved = _rewrite_paths(old_path, new_path)
    if compounds:
        Compound.objects.filter(pk__in=compounds).update(community=parent, path=parent.path)
    Area.objects.filter(pk=area.pk).update(parent=parent)
    recoded = _recode_below(area.pk, new_path, old_code, new_code)
    area.refresh_from_db()
    for hook in manifest.area_move_hooks():
        hook(actor=actor, area=area, old_path=old_path)
    audit.record(actor=actor, action="move", entity="area", entity_id=area.pk,
                 summary=area.name, before=before,
                 after={"parent": parent.code, "code": new_code, "path": new_path,
                        "rows": moved, "compounds": len(compounds), "recoded_below": recoded})
    return area


def _rewrite_paths(old: str, new: str) -> int:
    """Every scoped row at or under ``old`` now lies under ``new`` (one UPDATE a model).
    Append-only ledgers (points entries) keep the path they were written with: the
    database refuses to rewrite history, and their accounts, which do move, carry them."""
    total = 0
    frozen = set(appendonly.installed_tables())
    for model in apps.get_models():
        field = getattr(model, "scope_path_field", None)
        if not field or "__" in field or model._meta.db_table in frozen:
            continue
        total += model._default_manager.filter(_within(field, old)).update(
            **_rebase(field, old, new))
    return total


def _recode_below(pk: int, path: str, old_code: str, new_code: str) -> int:
    """The moved area takes ``new_code``; codes below that began with the old one follow
    (through a temporary code each, so the unique index never sees two equal)."""
    if new_code == old_code:
        return 0
    below = list(Area.objects.filter(path__gte=path + ".", path__lt=path + ".~",
                                     code__startswith=old_code))
    targets = {a.pk: new_code + a.code[len(old_code):] for a in below}
    if Area.objects.filter(code__in=targets.values()).exclude(pk__in=targets).exists():
        raise Conflict(_("A code below this area would collide with one in use."),
                       code=ErrorCode.DUPLICATE, field="code")
    for a in below:
        Area.objects.filter(pk=a.pk).update(code=f"~{a.pk}")
    Area.objects.filter(pk=pk).update(code=new_code)
    for pk_below, target in targets.items():
        Area.objects.filter(pk=pk_below).update(code=target)
    return len(below)
