"""Setting up the territory tree: codes (统计用区划代码), rename/re-code, retire, housing,
grid boundaries; every write scoped to the administrator's subtree and audited."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.territory import services
from shequ.territory.models import Area, Building
from shequ.testing import factories

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[107.5, 31.2], [107.51, 31.2], [107.51, 31.21],
                                              [107.5, 31.21], [107.5, 31.2]]]}


@pytest.fixture
def district_admin(tree):
    return factories.user("district_admin", tree.district)


@pytest.fixture
def street_admin(tree):
    return factories.user("street_admin", tree.street)


@pytest.fixture
def other_street(tree):
    return services.area_create(actor=SYSTEM, kind="street", name="三里坪街道",
                                code=f"{tree.district.code}002", parent=tree.district)


def test_a_district_builds_its_street_community_and_grids_with_codes(district_admin, tree):
    # when a district admin creates a street and a community with statistical codes
    street = services.area_create(actor=district_admin, kind="street", name="东城街道",
                                  code=f"{tree.district.code}005", parent=tree.district)
    community = services.area_create(actor=district_admin, kind="community", name="北门社区",
                                     code=f"{street.code}003", parent=street)
    # and two grids without codes
    g1 = services.area_create(actor=district_admin, kind="grid", name="第一网格", parent=community)
    g2 = services.area_create(actor=district_admin, kind="grid", name="第二网格", parent=community)
    # then the grids get the community's code + 3 digits, in turn
    assert (g1.code, g2.code) == (community.code + "001", community.code + "002")
    assert AuditEvent.objects.filter(entity="area", action="create",
                                     entity_id=str(community.pk)).exists()


def test_a_padded_twelve_digit_street_code_is_accepted(tree):
    street = services.area_create(actor=SYSTEM, kind="street", name="x",
                                  code=f"{tree.district.code}007000", parent=tree.district)
    assert street.code == f"{tree.district.code}007"


@pytest.mark.parametrize("code, reason", [
    ("12345", "area_code_length"),
    ("51170300a", "area_code_format"),
    ("511799001", "area_code_parent"),
])
def test_bad_street_codes_are_refused_with_a_reason(tree, code, reason):
    if reason == "area_code_parent":
        code = ("1" if tree.district.code[0] != "1" else "2") + code[1:]
    with pytest.raises(DomainError) as exc:
        services.area_create(actor=SYSTEM, kind="street", name="x", code=code, parent=tree.district)
    assert (exc.value.code, exc.value.field) == (reason, "code")


def test_a_community_code_must_lie_under_its_street(tree, other_street):
    with pytest.raises(DomainError) as exc:
        services.area_create(actor=SYSTEM, kind="community", name="x",
                             code=f"{other_street.code}001", parent=tree.street)
    assert exc.value.code == "area_code_parent"
    assert not Area.objects.filter(name="x").exists()


def test_a_street_admin_works_only_inside_their_street(street_admin, tree, other_street):
    # may add a community to their own street
    services.area_create(actor=street_admin, kind="community", name="新社区",
                         code=f"{tree.street.code}002", parent=tree.street)
    # not to the neighbouring street (which they cannot even see: not found)
    with pytest.raises(NotFound):
        services.area_create(actor=street_admin, kind="community", name="外社区",
                             code=f"{other_street.code}001", parent=other_street)
    # nor rename their own street (the district's to shape)
    with pytest.raises(Forbidden):
        services.area_update(actor=street_admin, area=tree.street, name="改名")
    # nor create a district
    with pytest.raises(Forbidden):
        services.area_create(actor=street_admin, kind="district", name="x", code="512000",
                             parent=None)


def test_community_staff_cannot_set_up_areas(staff, tree):
    with pytest.raises(Forbidden):
        services.area_create(actor=staff, kind="grid", name="x", parent=tree.community)


def test_recoding_a_street_rebases_the_codes_below(district_admin, tree):
    old = tree.street.code
    new = f"{tree.district.code}009"
    services.area_update(actor=district_admin, area=tree.street, code=new, name="新名街道")
    tree.community.refresh_from_db()
    tree.grid1.refresh_from_db()
    assert tree.community.code == new + tree.community.code[len(new):]
    assert tree.community.code.startswith(new) and not tree.community.code.startswith(old)
    assert tree.grid1.code.startswith(tree.community.code)
    event = AuditEvent.objects.filter(entity="area", action="update").latest("seq")
    assert event.before == {"name": "翠屏街道", "code": old}
    assert event.after["recoded_below"] == 3  # the community and its two grids


def test_recoding_to_a_code_in_use_is_refused(district_admin, tree, other_street):
    with pytest.raises(DomainError) as exc:
        services.area_update(actor=district_admin, area=tree.street, code=other_street.code)
    assert exc.value.code == "duplicate"


def test_only_an_empty_area_retires(district_admin, tree, other_street):
    # a street with communities below is refused, with what is in the way
    with pytest.raises(Conflict) as exc:
        services.area_retire(actor=district_admin, area=tree.street)
    assert "翠屏街道" not in exc.value.message and exc.value.field == "area"
    # a grid with a building is refused too
    with pytest.raises(Conflict):
        services.area_retire(actor=district_admin, area=tree.grid1)
    # an empty street goes, and the audit keeps what it was
    services.area_retire(actor=district_admin, area=other_street, reason="合并")
    assert not Area.objects.filter(pk=other_street.pk).exists()
    event = AuditEvent.objects.get(entity="area", action="retire")
    assert event.before["code"] == other_street.code and event.reason == "合并"


def test_housing_is_created_with_coordinates(street_admin, tree):
    compound = services.compound_create(actor=street_admin, community=tree.community,
                                        name="新华苑")
    b = services.building_create(actor=street_admin, grid=tree.grid1, compound=compound,
                                 name="1栋", lat="31.2061", lng="107.4680")
    e = services.entrance_create(actor=street_admin, building=b, name="1单元")
    assert (str(b.lat), str(b.lng)) == ("31.206100", "107.468000")
    assert e.path == tree.grid1.path
    with pytest.raises(DomainError) as exc:
        services.building_create(actor=street_admin, grid=tree.grid1, compound=compound,
                                 name="1栋")
    assert exc.value.code == "duplicate"
    with pytest.raises(DomainError) as exc:
        services.compound_create(actor=street_admin, community=tree.community, name="新华苑")
    assert exc.value.code == "duplicate"


@pytest.mark.parametrize("lat, lng, field", [("91", "107", "lat"), ("31", "abc", "lng"),
                                             ("31", None, "lng")])
def test_bad_coordinates_are_refused(tree, lat, lng, field):
    with pytest.raises(DomainError) as exc:
        services.building_create(actor=SYSTEM, grid=tree.grid1, compound=None, name="9栋",
                                 lat=lat, lng=lng)
    assert exc.value.field == field
    assert not Building.objects.filter(name="9栋").exists()


def test_a_grid_boundary_is_stored_from_a_feature_collection(street_admin, tree):
    doc = {"type": "FeatureCollection",
           "features": [{"type": "Feature", "properties": {}, "geometry": SQUARE}]}
    services.grid_boundary_set(actor=street_admin, grid=tree.grid1, geojson=doc)
    tree.grid1.refresh_from_db()
    assert tree.grid1.polygon["type"] == "Polygon"


@pytest.mark.parametrize("doc", [
    "not json",
    {"type": "Point", "coordinates": [107.5, 31.2]},
    # a bow-tie: the ring crosses itself
    {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
    {"type": "Polygon", "coordinates": [[[200, 0], [201, 1], [201, 0], [200, 0]]]},
    {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]},
])
def test_a_bad_boundary_is_refused(tree, doc):
    with pytest.raises(DomainError) as exc:
        services.grid_boundary_set(actor=SYSTEM, grid=tree.grid1, geojson=doc)
    assert exc.value.field == "boundary"
    tree.grid1.refresh_from_db()
    assert tree.grid1.polygon is None


def test_only_a_grid_takes_a_boundary(tree):
    with pytest.raises(DomainError):
        services.grid_boundary_set(actor=SYSTEM, grid=tree.community, geojson=SQUARE)
