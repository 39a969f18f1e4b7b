"""The territory browser: starts at the user's grants, drills down with counts, and gives
404 for nodes outside the scope."""

import re

import pytest

from shequ.testing import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_a_grid_worker_starts_in_their_grid(client, tree, grid_worker):
    # given
    client.force_login(grid_worker)
    # when
    response = client.get("/territory/")
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/territory/areas/{tree.grid1.pk}/"


def test_the_grid_page_lists_buildings_with_household_counts(client, tree, grid_worker):
    # given
    factories.household(tree.grid1, tree.compound, "7栋", "2单元", "402")
    client.force_login(grid_worker)
    # when
    page = text(client.get(f"/territory/areas/{tree.grid1.pk}/"))
    # then
    assert "金竹苑7栋" in page
    assert "金竹苑8栋" not in page  # the other grid's building
    building = re.search(r'data-testid="buildings">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"\d+", re.sub(r"<[^>]+>", " ", building).split("7栋")[1]) == ["1", "2"]


def test_breadcrumbs_name_ancestors_but_link_only_those_in_scope(client, tree, grid_worker):
    client.force_login(grid_worker)
    page = text(client.get(f"/territory/areas/{tree.grid1.pk}/"))
    assert "<span>翠屏社区</span>" in page
    assert f'href="/territory/areas/{tree.community.pk}/"' not in page


def test_staff_drill_down_from_community_to_household(client, tree, staff):
    # given
    client.force_login(staff)
    # when
    community = text(client.get(f"/territory/areas/{tree.community.pk}/"))
    building = tree.household1.entrance.building
    building_page = text(client.get(f"/territory/buildings/{building.pk}/"))
    # then
    assert "第一网格" in community and "第二网格" in community
    assert f'href="/territory/buildings/{building.pk}/"' in text(
        client.get(f"/territory/areas/{tree.grid1.pk}/"))
    assert f'href="/residents/households/{tree.household1.pk}/"' in building_page
    assert "2单元" in building_page


def test_a_street_admin_sees_counts_per_community(client, tree):
    # given
    admin = factories.user("street_admin", tree.street)
    client.force_login(admin)
    # when
    page = text(client.get(f"/territory/areas/{tree.street.pk}/"))
    # then: one community with 2 grids, 2 buildings, 2 households
    children = re.search(r'data-testid="children">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"\d+", re.sub(r"<[^>]+>", " ", children).split("翠屏社区")[1]) == [
        "2", "2", "2"]


def test_out_of_scope_nodes_are_not_found(client, tree, grid_worker):
    client.force_login(grid_worker)
    building2 = tree.household2.entrance.building
    assert client.get(f"/territory/areas/{tree.grid2.pk}/").status_code == 404
    assert client.get(f"/territory/areas/{tree.community.pk}/").status_code == 404
    assert client.get(f"/territory/buildings/{building2.pk}/").status_code == 404
    assert client.get("/territory/areas/999999/").status_code == 404


def test_the_grid_list_is_scoped(client, tree, grid_worker, staff):
    client.force_login(grid_worker)
    assert "第二网格" not in text(client.get("/territory/grids/"))
    client.force_login(staff)
    page = text(client.get("/territory/grids/"))
    assert "第一网格" in page and "第二网格" in page


def test_roles_without_territory_get_404(client, tree):
    auditor = factories.user("auditor", tree.district)
    client.force_login(auditor)
    assert client.get("/territory/").status_code == 404
    assert client.get(f"/territory/areas/{tree.district.pk}/").status_code == 404
