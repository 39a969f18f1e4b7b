"""The territory browser: from the user's grant roots down district → street → community
→ grid → building → household, with counts at each level. Everything is read through
territory.selectors, so out-of-scope ids are 404 like missing ones."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import Substr
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from shequ.core import sections
from shequ.core.errors import NotFound
from shequ.core.scoping import PATH_END

from . import selectors
from .models import CHILD_KIND, SEGMENT_WIDTH, AreaKind
from .policies import area_policy
from .selectors import natural_key

VIEW = selectors.VIEW
MANAGE = "manage_territory"


def _require_view(user) -> None:
    if not area_policy.holds(user, VIEW):
        raise NotFound()


def _grouped_counts(qs, parent_path: str, child_kind: str) -> dict[str, int]:
    """Rows of ``qs`` below ``parent_path``, counted per child node in one query (paths are
    fixed-width, so a child's path is a fixed-length prefix)."""
    length = len(parent_path) + 1 + SEGMENT_WIDTH[child_kind]
    rows = (
        qs.filter(path__gte=parent_path + ".", path__lt=parent_path + PATH_END)
        .order_by()
        .annotate(prefix=Substr("path", 1, length))
        .values("prefix")
        .annotate(n=Count("id"))
    )
    return {r["prefix"]: r["n"] for r in rows}


def _crumbs(user, area) -> list[dict]:
    """Ancestors by name; linked only where the user's scope reaches."""
    return [
        {"name": a.name, "pk": a.pk if area_policy.can(user, VIEW, a) else None}
        for a in selectors.area_ancestors(area)
    ]


@login_required
@require_GET
def tree(request):
    _require_view(request.user)
    roots = selectors.area_roots_for_actor(request.user)
    if len(roots) == 1:
        return redirect("territory:area", area_id=roots[0].pk)
    return render(request, "territory/tree.html", {"roots": roots})


@login_required
@require_GET
def area(request, area_id):
    user = request.user
    node = selectors.area_get_for_actor(user, area_id)
    context = {"area": node, "crumbs": _crumbs(user, node),
               "can_set_up": area_policy.can(user, MANAGE, node)}
    if node.kind == AreaKind.GRID:
        buildings = (
            selectors.building_list(actor=user, grid=node)
            .annotate(entrance_count=Count("entrances", distinct=True),
                      household_count=Count("entrances__households"))
        )
        context["buildings"] = sorted(buildings, key=lambda b: (natural_key(str(b))))
        return render(request, "territory/grid.html", context)
    child_kind = CHILD_KIND[node.kind]
    children = list(selectors.area_list(actor=user, parent=node))
    households = _grouped_counts(selectors.household_list(actor=user), node.path, child_kind)
    buildings = _grouped_counts(selectors.building_list(actor=user), node.path, child_kind)
    grids = (
        _grouped_counts(selectors.area_list(actor=user, kind=AreaKind.GRID), node.path, child_kind)
        if child_kind != AreaKind.GRID else {}
    )
    context["children"] = [
        {
            "area": c,
            "grids": grids.get(c.path, 0),
            "buildings": buildings.get(c.path, 0),
            "households": households.get(c.path, 0),
        }
        for c in children
    ]
    context["child_kind"] = child_kind
    context["show_grids"] = child_kind != AreaKind.GRID
    return render(request, "territory/area.html", context)


@login_required
@require_GET
def building(request, building_id):
    user = request.user
    try:
        found = selectors.building_list(actor=user).filter(pk=int(building_id)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound()
    households = sorted(
        selectors.household_list(actor=user, building=found).select_related("entrance"),
        key=lambda h: (natural_key(h.entrance.name), natural_key(h.room)),
    )
    entrances: dict[str, list] = {}
    for h in households:
        entrances.setdefault(h.entrance.name, []).append(h)
    return render(
        request,
        "territory/building.html",
        {
            "building": found,
            "grid": found.grid,
            "crumbs": _crumbs(user, found.grid) + [{"name": found.grid.name, "pk": found.grid.pk}],
            "entrances": entrances,
            "household_count": len(households),
            "sections": sections.sections_for("territory.building", user, found),
        },
    )


@login_required
@require_GET
def grid_list(request):
    user = request.user
    _require_view(user)
    grids = list(selectors.area_list(actor=user, kind=AreaKind.GRID).select_related("parent"))
    per_grid = {
        r["path"]: r["n"]
        for r in selectors.household_list(actor=user).order_by().values("path").annotate(n=Count("id"))
    }
    rows = [{"area": g, "households": per_grid.get(g.path, 0)} for g in grids]
    return render(request, "territory/grid_list.html", {"rows": rows})
