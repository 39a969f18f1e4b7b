"""The circle's pages: coverage per community and category with the model stated, the
recomputation button, the gap list (page kit, with download) and the ranked candidate
sites for a category."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core import kit
from shequ.core.errors import NotFound
from shequ.core.kit import Column, ListPage

from .. import evidence, selectors, services
from ..forms import GapFilterForm
from ..model_text import describe
from ..models import PointCategory
from ..policies import Action, coverage_policy, point_policy
from ..walk import STRAIGHT, WalkModel


def _model_line(run) -> str:
    if run is None:
        return describe(mode=STRAIGHT, model=WalkModel.from_settings())
    return describe(mode=run.mode, model=WalkModel(run.detour, run.speed_kmh, run.minutes),
                    graph_name=run.graph_name)


def _area_path(request) -> str:
    form = GapFilterForm(request.GET or None, areas=selectors.areas_for(request.user))
    if form.is_valid() and form.cleaned_data.get("area"):
        return form.cleaned_data["area"].path
    return ""


def coverage(request):
    """Coverage % per community and category, and (with ``?category=``) the best sites."""
    user = request.user
    if not coverage_policy.holds(user, Action.VIEW_CIRCLE):
        raise NotFound()
    run = selectors.run_latest(user)
    area_path = _area_path(request)
    category = request.GET.get("category", "")
    if category not in PointCategory.values:
        category = ""
    candidates = []
    if category and run is not None:
        gaps = [(g.building_id, float(g.building.lat), float(g.building.lng)) for g in
                selectors.gap_list(actor=user, category=category, area_path=area_path)[:5000]]
        candidates = evidence.rank_candidates(
            gaps=gaps, category=category,
            model=WalkModel(run.detour, run.speed_kmh, run.minutes))
    return render(request, "circle/coverage.html", {
        "title": _("15-minute service circle"), "run": run, "model_line": _model_line(run),
        "communities": selectors.coverage_by_community(actor=user, area_path=area_path),
        "categories": PointCategory.choices, "category": category,
        "category_label": dict(PointCategory.choices).get(category, ""),
        "candidates": candidates, "score_text": evidence.SCORE_TEXT,
        "case_map": [(code, [str(PointCategory(c).label) for c in cats])
                     for code, cats in evidence.CASE_CATEGORIES.items()],
        "unlocated": selectors.unlocated_buildings(actor=user, area_path=area_path),
        "filter": GapFilterForm(request.GET or None, areas=selectors.areas_for(user)),
        "manage": point_policy.holds(user, Action.MANAGE_POINTS),
        "areas": selectors.run_areas_for(user)})


def compute(request):
    """Recompute the circle over the chosen area (straight-line, or the configured graph)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    kit.need(request.user, Action.MANAGE_POINTS)
    area = selectors.area_of_run(request.user, request.POST.get("area", "")[:64])
    back = reverse("circle:coverage")
    return kit.act(request, services.coverage_compute_configured, _computed, back, area=area)


def _computed(run) -> str:
    return _("Computed: %(b)d buildings, %(p)d service points, in %(s).1f s.") % {
        "b": run.buildings, "p": run.points, "s": run.seconds}


class GapList(ListPage):
    title = gettext_lazy("Buildings outside the 15-minute circle")
    action = Action.VIEW_CIRCLE
    filter_form = GapFilterForm
    download_name, download_action = "service-circle-gaps", Action.VIEW_CIRCLE
    row_key, empty_text = "gap", gettext_lazy("Every building reaches this category, or the "
                                              "circle has not been computed yet.")
    counted = True
    columns = [
        Column(gettext_lazy("Building"), lambda g: str(g.building)),
        Column(gettext_lazy("Grid"), "building.grid.name"),
        Column(gettext_lazy("Category"), "get_category_display"),
        Column(gettext_lazy("Nearest point"), lambda g: g.point.name if g.point else ""),
        Column(gettext_lazy("Walking distance (m)"),
               lambda g: g.distance_m if g.distance_m is not None else _("beyond the walk")),
    ]

    def filter_form_kwargs(self):
        return {"areas": selectors.areas_for(self.request.user)}

    def rows(self, filters):
        area = filters.get("area")
        return selectors.gap_list(actor=self.request.user, category=filters.get("category", ""),
                                  area_path=area.path if area else "")

    def actions(self):
        yield _("15-minute service circle"), reverse("circle:coverage")
        yield _("Service map"), reverse("circle:map")
