"""Service points and the computation: what is kept, what is refused and why, and what the
circle says about the two test buildings."""

from __future__ import annotations

import pytest

from shequ.circle import selectors, services
from shequ.circle.models import BuildingCoverage, PointCategory, ServicePoint
from shequ.circle.walk import WalkModel
from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_staff_register_a_point_and_the_audit_trail_says_so(tree, staff):
    p = services.point_create(actor=staff, category=PointCategory.PHARMACY, name=" 同仁堂 ",
                              area=tree.community, lat="31.2", lng="107.5")
    assert (p.name, p.path, str(p.lat)) == ("同仁堂", tree.community.path, "31.200000")
    assert AuditEvent.objects.filter(entity="service_point", entity_id=str(p.pk),
                                     action="create").exists()


def test_a_point_without_coordinates_is_kept_and_listed(tree, staff):
    p = services.point_create(actor=staff, category=PointCategory.MARKET, name="菜市场",
                              area=tree.community)
    assert not p.located
    assert list(selectors.point_list(actor=staff, located=False)) == [p]


@pytest.mark.parametrize(("lat", "lng", "code", "field"), [
    ("31.2", None, "coordinates_incomplete", "lng"),
    (None, "107.5", "coordinates_incomplete", "lat"),
    ("91", "107.5", "coordinates_out_of_range", "lat"),
    ("31.2", "181", "coordinates_out_of_range", "lng"),
    ("北纬31", "107.5", "coordinates_out_of_range", "lat"),
])
def test_bad_coordinates_are_refused_with_the_field(tree, staff, lat, lng, code, field):
    with pytest.raises(DomainError) as err:
        services.point_create(actor=staff, category=PointCategory.BANK, name="银行",
                              area=tree.community, lat=lat, lng=lng)
    assert (err.value.code, err.value.field) == (code, field)
    assert not ServicePoint.objects.exists()


def test_a_point_sits_at_a_community_or_street_not_a_grid(tree, staff):
    with pytest.raises(DomainError) as err:
        services.point_create(actor=staff, category=PointCategory.BANK, name="银行",
                              area=tree.grid1)
    assert err.value.code == "point_area_not_community"


def test_an_unknown_category_and_a_second_point_of_the_same_name_are_refused(tree, staff):
    with pytest.raises(DomainError) as err:
        services.point_create(actor=staff, category="zoo", name="动物园", area=tree.community)
    assert err.value.code == "point_category_unknown"
    services.point_create(actor=staff, category=PointCategory.BANK, name="银行",
                          area=tree.community)
    with pytest.raises(Conflict):
        services.point_create(actor=staff, category=PointCategory.BANK, name="银行",
                              area=tree.community)


def test_others_cannot_write_points(tree, staff):
    other = factories.Tree()
    supervisor = factories.user("supervisor", tree.community)
    with pytest.raises(NotFound):
        services.point_create(actor=staff, category=PointCategory.BANK, name="银行",
                              area=other.community)
    with pytest.raises(Forbidden):
        services.point_create(actor=supervisor, category=PointCategory.BANK, name="银行",
                              area=tree.community)
    with pytest.raises(NotFound):
        services.point_create(actor=None, category=PointCategory.BANK, name="银行",
                              area=tree.community)


def test_an_edit_is_audited_with_before_and_after_and_a_no_change_edit_is_not(tree, staff,
                                                                           clinic):
    services.point_update(actor=staff, point=clinic, opening_hours="全天")
    services.point_update(actor=staff, point=clinic, opening_hours="全天")
    rows = AuditEvent.objects.filter(entity="service_point", action="update")
    assert rows.count() == 1 and rows.get().after["opening_hours"] == "全天"


def test_the_circle_reaches_the_clinic_from_the_west_building_only(tree, buildings, computed):
    west, east = buildings
    rows = {(r.building_id, r.category): r for r in BuildingCoverage.objects.all()}
    assert len(rows) == 2 * len(PointCategory.values)
    assert rows[west.pk, "clinic"].covered and rows[west.pk, "clinic"].distance_m < 200
    assert not rows[east.pk, "clinic"].covered
    assert rows[east.pk, "clinic"].distance_m > 1125
    assert not rows[west.pk, "bank"].covered  # 4.5 km away
    assert rows[west.pk, "water"].distance_m is None  # no water office at all
    assert computed.buildings == 2 and computed.mode == "straight"


def test_a_wider_detour_factor_takes_a_building_out_of_the_walk(tree, buildings, clinic):
    services.coverage_compute(actor=SYSTEM, area=tree.district,
                              model=WalkModel(detour=1.3, speed_kmh=4.5, minutes=15))
    services.coverage_compute(actor=SYSTEM, area=tree.district,
                              model=WalkModel(detour=1.3, speed_kmh=1.0, minutes=1))
    assert not BuildingCoverage.objects.filter(covered=True).exists()
    assert BuildingCoverage.objects.count() == 2 * len(PointCategory.values)  # replaced


def test_buildings_without_coordinates_are_counted_apart(tree, clinic, staff):
    run = services.coverage_compute(actor=staff, area=tree.community)
    assert (run.buildings, run.unlocated_buildings) == (0, 2)
    assert selectors.unlocated_buildings(actor=staff) == 2


def test_absurd_walk_parameters_are_refused(tree):
    with pytest.raises(DomainError) as err:
        services.coverage_compute(actor=SYSTEM, area=tree.district,
                                  model=WalkModel(detour=0.5))
    assert err.value.code == "walk_parameter_out_of_range"


def test_a_grid_worker_may_not_recompute(tree, grid_worker):
    with pytest.raises(Forbidden):
        services.coverage_compute(actor=grid_worker, area=tree.grid1)


def test_coverage_per_community_and_the_gap_list(tree, staff, computed):
    [row] = selectors.coverage_by_community(actor=staff)
    cells = {c["category"]: c for c in row["cells"]}
    assert row["name"] == "翠屏社区" and row["buildings"] == 2
    assert (cells["clinic"]["covered"], cells["clinic"]["percent"]) == (1, 50)
    gaps = list(selectors.gap_list(actor=staff, category="clinic"))
    assert [g.building.name for g in gaps] == ["8栋"]
    assert gaps[0].point.name == "翠屏卫生服务站"


def test_another_community_sees_nothing_of_this_one(tree, computed):
    other = factories.Tree()
    outsider = factories.user("community_staff", other.community)
    assert selectors.coverage_by_community(actor=outsider) == []
    assert not selectors.gap_list(actor=outsider).exists()
    assert not selectors.point_list(actor=outsider).exists()
    with pytest.raises(NotFound):
        selectors.point_get_for_actor(outsider, computed.pk)


def test_the_gap_list_costs_one_query(tree, staff, computed, django_assert_num_queries):
    with django_assert_num_queries(2):  # the grants, then the rows with their joins
        rows = list(selectors.gap_list(actor=staff))
    assert len(rows) > 10


def test_a_building_moved_to_another_grid_takes_its_coverage_along(tree, computed, buildings,
                                                                   grid_worker,
                                                                   other_grid_worker):
    from shequ.territory.services import building_move

    west, _east = buildings
    building_move(actor=SYSTEM, building=west, grid=tree.grid2)
    assert not selectors.gap_list(actor=grid_worker).exists()
    assert selectors.coverage_rows(actor=other_grid_worker).filter(building=west).count() \
        == len(PointCategory.values)
