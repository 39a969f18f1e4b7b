"""A unit that moves to another area takes its own party organisation along (to the new
street's 党工委 when it changes street, leaving and joining 大党委 as it goes), or the
move is refused with the reason and nothing changes."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict
from shequ.organizations import services
from shequ.organizations.models import PartyOrg, Unit
from shequ.territory import services as territory_services

pytestmark = pytest.mark.django_db
CODE = "91350100M000100Y43"


@pytest.fixture
def place(tree):
    s2 = territory_services.area_create(actor=SYSTEM, kind="street", name="三里坪街道",
                                        code=f"{tree.district.code}002", parent=tree.district)
    tree.community2 = territory_services.area_create(
        actor=SYSTEM, kind="community", name="南外社区", code=f"{s2.code}001", parent=s2)
    district = services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                         area=tree.district)
    tree.street_org = services.party_org_create(
        actor=SYSTEM, kind="street_working_committee", name="翠屏党工委", area=tree.street,
        parent=district)
    tree.street2_org = services.party_org_create(
        actor=SYSTEM, kind="street_working_committee", name="三里坪党工委", area=s2,
        parent=district)
    tree.committee = services.party_org_create(
        actor=SYSTEM, kind="community_committee", name="翠屏社区党委", area=tree.community,
        parent=tree.street_org)
    tree.committee2 = services.party_org_create(
        actor=SYSTEM, kind="community_committee", name="南外社区党委", area=tree.community2,
        parent=tree.street2_org)
    tree.unit = services.unit_create(actor=SYSTEM, name="医院", credit_code=CODE,
                                     kind="institution", area=tree.community)
    tree.org = services.party_org_create(actor=SYSTEM, kind="unit_org", name="医院党支部",
                                         area=tree.community, parent=tree.street_org,
                                         unit=tree.unit)
    services.committee_member_add(actor=SYSTEM, committee=tree.committee, org=tree.org)
    return tree


def test_the_units_organisation_follows_it_to_another_street(place):
    services.unit_update(actor=SYSTEM, unit=place.unit, area=place.community2)
    org = PartyOrg.objects.get(pk=place.org.pk)
    assert (org.area_id, org.path, org.parent_id) == (
        place.community2.pk, place.community2.path, place.street2_org.pk)
    assert list(org.member_of.all()) == [place.committee2]


def test_a_move_the_organisation_cannot_follow_is_refused(place):
    PartyOrg.objects.filter(pk=place.committee2.pk).delete()
    PartyOrg.objects.filter(pk=place.street2_org.pk).delete()
    with pytest.raises(Conflict, match="三里坪街道"):
        services.unit_update(actor=SYSTEM, unit=place.unit, area=place.community2,
                             name="新名字")
    unit = Unit.objects.get(pk=place.unit.pk)
    assert (unit.area_id, unit.name) == (place.community.pk, "医院")
    assert PartyOrg.objects.get(pk=place.org.pk).path == place.community.path
