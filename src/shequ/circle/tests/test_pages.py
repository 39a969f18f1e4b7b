"""The circle's pages: the points list with its unlocated warning and download, the forms,
the coverage page stating its model, the gap list, the map and its GeoJSON — and refusals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shequ.circle import services
from shequ.circle.models import PointCategory, ServicePoint
from shequ.core.actors import SYSTEM
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_staff_pages_open(client, staff, computed, clinic):
    client.force_login(staff)
    for name, args in [("circle:coverage", []), ("circle:point-list", []),
                       ("circle:point-new", []), ("circle:point-edit", [clinic.pk]),
                       ("circle:gap-list", []), ("circle:map", [])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_the_coverage_page_states_the_model_and_the_figures(client, staff, computed):
    client.force_login(staff)
    page = client.get(reverse("circle:coverage")).content.decode()
    assert "1.3" in page and "1,125" in page and "4.5" in page
    assert "50%" in page  # the clinic: one of the two buildings


def test_the_ranking_names_the_uncovered_building_and_explains_its_score(client, staff,
                                                                         computed):
    client.force_login(staff)
    page = client.get(reverse("circle:coverage") + "?category=clinic").content.decode()
    assert 'data-testid="candidates"' in page and "金竹苑8栋" in page
    assert 'data-testid="score-text"' in page


def test_a_point_without_coordinates_is_listed_with_a_warning(client, staff, tree):
    services.point_create(actor=SYSTEM, category=PointCategory.MARKET, name="老街菜市场",
                          area=tree.community)
    client.force_login(staff)
    page = client.get(reverse("circle:point-list")).content.decode()
    assert "老街菜市场" in page and 'data-testid="unlocated"' in page


def test_new_point_form_refuses_half_coordinates_next_to_the_field(client, staff, tree):
    client.force_login(staff)
    r = client.post(reverse("circle:point-new"), {
        "area": tree.community.pk, "category": "bank", "name": "银行", "lat": "31.2"})
    assert r.status_code == 400 and not ServicePoint.objects.exists()
    r = client.post(reverse("circle:point-new"), {
        "area": tree.community.pk, "category": "bank", "name": "银行", "lat": "31.2",
        "lng": "107.5", "is_active": "on"})
    assert r.status_code == 302 and ServicePoint.objects.get().located


def test_staff_recompute_from_the_page(client, staff, tree, buildings, clinic):
    client.force_login(staff)
    r = client.post(reverse("circle:compute"), {"area": tree.community.path})
    assert r.status_code == 302
    assert client.get(reverse("circle:gap-list") + "?category=clinic&format=csv") \
        .content.decode().count("8栋") == 1


def test_a_grid_worker_sees_but_may_not_edit_or_recompute(client, tree, computed, clinic,
                                                          grid_worker):
    client.force_login(grid_worker)
    assert client.get(reverse("circle:map")).status_code == 200
    assert client.get(reverse("circle:point-new")).status_code == 404
    assert client.post(reverse("circle:compute"), {}).status_code == 404


def test_residents_get_nothing(client, tree, computed):
    client.force_login(factories.user("resident", tree.grid1))
    for name in ("circle:coverage", "circle:point-list", "circle:map", "circle:geo-points"):
        assert client.get(reverse(name)).status_code == 404, name


def test_geojson_is_scoped_and_colours_buildings(client, tree, computed, grid_worker):
    client.force_login(grid_worker)  # grid 1: the west building only
    data = client.get(reverse("circle:geo-buildings") + "?category=clinic").json()
    assert [(f["properties"]["name"], f["properties"]["covered"]) for f in data["features"]] \
        == [("金竹苑7栋", True)]
    staff = factories.user("community_staff", tree.community)
    client.force_login(staff)
    points = client.get(reverse("circle:geo-points")).json()
    assert {f["properties"]["name"] for f in points["features"]} == {"翠屏卫生服务站"}
    assert client.get(reverse("circle:geo-grids")).json()["type"] == "FeatureCollection"


def test_lists_cost_the_same_for_more_rows(client, staff, tree):
    client.force_login(staff)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("circle:point-list")).status_code == 200
        return len(ctx)

    services.point_create(actor=SYSTEM, category="bank", name="银行1", area=tree.community)
    few = queries()
    for i in range(2, 12):
        services.point_create(actor=SYSTEM, category="bank", name=f"银行{i}", area=tree.community)
    assert queries() == few


def test_community_staff_find_the_service_points_kind_on_the_import_page(client, staff):
    client.force_login(staff)
    page = client.get(reverse("imports:index")).content.decode()
    assert "service_points" in page and "翠屏社区" in page
