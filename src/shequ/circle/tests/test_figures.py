"""The dashboard's circle figures: per grid, the buildings missing at least one category
(once however many they miss) and, per community, the open service points; a grid
worker of one grid sees only theirs."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.circle.figures import FIGURES
from shequ.circle.models import BuildingCoverage, ServicePoint
from shequ.territory.models import Building
from shequ.testing import factories as f


def test_circle_figures_per_area_and_in_scope(tree):
    b1 = Building.objects.get(grid=tree.grid1)
    b2 = Building.objects.get(grid=tree.grid2)
    for building, category, covered in [(b1, "clinic", False), (b1, "bank", False),
                                        (b1, "market", True), (b2, "clinic", True),
                                        (b2, "bank", False)]:
        BuildingCoverage.objects.create(building=building, category=category, covered=covered,
                                        path=building.path)
    other = f.second_community(tree)
    for n, (area, active) in enumerate([(tree.community, True), (tree.community, False),
                                        (other, True), (tree.street, True)]):
        ServicePoint.objects.create(category="clinic", name=f"卫生站{n}", area=area,
                                    path=area.path, is_active=active)
    staff = f.user(Role.COMMUNITY_STAFF, tree.community)
    grids = f.figure_place(tree.community, tree.grid1)
    assert f.figure_values(FIGURES, "circle.buildings_uncovered", staff, grids) == {
        tree.grid1.path: 1, tree.grid2.path: 1}
    worker = f.user(Role.GRID_WORKER, tree.grid2)
    assert f.figure_values(FIGURES, "circle.buildings_uncovered", worker, grids) == {
        tree.grid2.path: 1}

    communities = f.figure_place(tree.street, tree.community)
    admin = f.user(Role.STREET_ADMIN, tree.street)
    assert f.figure_values(FIGURES, "circle.points", admin, communities) == {
        tree.community.path: 1, other.path: 1, tree.street.path: 1}
    assert f.figure_values(FIGURES, "circle.points", staff, communities) == {
        tree.community.path: 1}


def test_circle_figures_drill_to_a_street_or_community_list(tree):
    figure = next(fig for fig in FIGURES if fig.key == "circle.buildings_uncovered")
    assert figure.drill_url(f.figure_place(tree.community, tree.grid1), None).endswith(
        f"/gaps/?area={tree.community.pk}")
    assert figure.drill_url(f.figure_place(tree.grid1), None) is None
