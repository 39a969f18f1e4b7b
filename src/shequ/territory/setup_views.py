"""The territory set-up page of one area, for the district and street administrators who
manage it: rename and re-code, add and retire the areas below, compounds, buildings with
coordinates, building moves and a grid's boundary. Each form posts to the same page with
``op``; refusals come back as field errors (status 400), successes redirect. It holds
several forms, so it is written by hand rather than as one ``core.kit.FormPage``; missing
and out-of-scope areas are raised as ``NotFound`` for the middleware, as the kit does."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shequ.core.errors import NotFound
from shequ.core.freetext import form_service

from . import selectors, services
from .forms import (
    AreaEditForm,
    AreaMoveForm,
    BoundaryForm,
    BuildingForm,
    ChildForm,
    CompoundForm,
    MoveForm,
    RetireForm,
)
from .models import CHILD_KIND, AreaKind
from .moves import MOVABLE
from .policies import area_policy

MANAGE = services.MANAGE


_save = form_service


def _forms(request, area, op):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None

    def bound(name):
        return data if op == name else None

    community = area if area.kind == AreaKind.COMMUNITY else (
        area.parent if area.kind == AreaKind.GRID else None)
    forms = {
        "edit": AreaEditForm(bound("edit"), initial={"name": area.name, "code": area.code}),
        "retire": RetireForm(bound("retire"),
                             children=selectors.area_list(actor=request.user, parent=area)),
    }
    if area.kind in CHILD_KIND:
        forms["child"] = ChildForm(bound("child"))
    if area.kind in MOVABLE:
        forms["relocate"] = AreaMoveForm(bound("relocate"), parents=selectors.area_list(
            actor=request.user, kind=MOVABLE[area.kind]).exclude(pk=area.parent_id))
    if community is not None:
        compounds = selectors.compound_list(actor=request.user, community=community)
        forms["compound"] = CompoundForm(bound("compound"))
        if area.kind == AreaKind.GRID:
            forms["building"] = BuildingForm(bound("building"), compounds=compounds)
            forms["boundary"] = BoundaryForm(bound("boundary"), files if op == "boundary" else None)
            forms["move"] = MoveForm(
                bound("move"),
                buildings=selectors.building_list(actor=request.user, grid=area),
                grids=selectors.area_list(actor=request.user, parent=community)
                .exclude(pk=area.pk))
    return forms


def _run(user, area, op, form):
    d = form.cleaned_data
    if op == "edit":
        return _save(form, services.area_update, actor=user, area=area, name=d["name"],
                     code=d["code"])
    if op == "child":
        return _save(form, services.area_create, actor=user, kind=CHILD_KIND[area.kind],
                     name=d["name"], code=d["code"], parent=area)
    if op == "relocate":
        return _save(form, services.area_move, actor=user, area=area, parent=d["parent"],
                     code=d["code"] or None)
    if op == "retire":
        return _save(form, services.area_retire, actor=user, area=d["child"], reason=d["reason"])
    if op == "compound":
        community = area if area.kind == AreaKind.COMMUNITY else area.parent
        return _save(form, services.compound_create, actor=user, community=community,
                     name=d["name"])
    if op == "building":
        return _save(form, services.building_create, actor=user, grid=area,
                     compound=d["compound"], name=d["name"], lat=d["lat"], lng=d["lng"])
    if op == "boundary":
        return _save(form, services.grid_boundary_set, actor=user, grid=area,
                     geojson=d["boundary"].read(2_000_000))
    if op == "move":
        return _save(form, services.building_move, actor=user, building=d["building"],
                     grid=d["grid"])
    return None


@login_required
@require_http_methods(["GET", "POST"])
def area_setup(request, area_id):
    user = request.user
    area = selectors.area_get_for_actor(user, area_id)
    if not area_policy.can(user, MANAGE, area):
        raise NotFound()
    op = request.POST.get("op", "") if request.method == "POST" else ""
    forms = _forms(request, area, op)
    if op and op in forms:
        form = forms[op]
        if form.is_valid() and _run(user, area, op, form) is not None:
            messages.success(request, _("Saved."))
            return redirect("territory:area-setup", area_id=area.pk)
    elif request.method == "POST":
        raise NotFound()
    children = list(selectors.area_list(actor=user, parent=area))
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "territory/setup.html", {
        "area": area, "forms": forms, "children": children,
        "child_kind": CHILD_KIND.get(area.kind), "crumbs": _crumbs(user, area),
        "may_edit": _may_edit(user, area),
    }, status=status)


def _may_edit(user, area) -> bool:
    return area_policy.can(user, MANAGE, area.parent if area.parent_id else area)


def _crumbs(user, area) -> list[dict]:
    return [{"name": a.name, "pk": a.pk if area_policy.can(user, MANAGE, a) else None}
            for a in selectors.area_ancestors(area)]
