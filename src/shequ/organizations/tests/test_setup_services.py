"""Setting up the party-organisation tree, 大党委 membership, part-time members and units:
the kind chain, scope, refusals and audit."""

import datetime as dt

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, Forbidden
from shequ.core.models import AuditEvent
from shequ.members import services as member_services
from shequ.members.models import UnitLiaison
from shequ.organizations import services
from shequ.organizations.models import PartTimeMember, PartyOrg
from shequ.territory import services as territory_services
from shequ.testing import factories

pytestmark = pytest.mark.django_db
CODE = "91350100M000100Y43"


@pytest.fixture
def orgs(tree):
    class Orgs:
        district = services.party_org_create(actor=SYSTEM, kind="district_committee",
                                             name="中共达川区委", area=tree.district)
        street = services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                           name="翠屏街道党工委", area=tree.street, parent=district)
        community = services.party_org_create(actor=SYSTEM, kind="community_committee",
                                              name="翠屏社区党委", area=tree.community,
                                              parent=street)
        branch = services.party_org_create(actor=SYSTEM, kind="branch", name="金竹苑党支部",
                                           area=tree.grid1, parent=community)
    return Orgs


@pytest.fixture
def unit(tree):
    return services.unit_create(actor=SYSTEM, name="达川区人民医院", credit_code=CODE.lower(),
                                kind="institution", area=tree.community)


@pytest.fixture
def street_admin(tree):
    return factories.user("street_admin", tree.street)


@pytest.fixture
def other_community(tree):
    street = territory_services.area_create(actor=SYSTEM, kind="street", name="三里坪街道",
                                            code=f"{tree.district.code}002", parent=tree.district)
    return territory_services.area_create(actor=SYSTEM, kind="community", name="南外社区",
                                          code=f"{street.code}001", parent=street)


def test_rename_and_retype_keep_the_chain(orgs, street_admin):
    services.party_org_update(actor=street_admin, org=orgs.branch, name="金竹苑小区党支部")
    assert PartyOrg.objects.get(pk=orgs.branch.pk).name == "金竹苑小区党支部"
    # a community committee with a branch below cannot become a party group
    with pytest.raises(DomainError) as exc:
        services.party_org_update(actor=street_admin, org=orgs.community, kind="group")
    assert exc.value.field == "kind"
    event = AuditEvent.objects.get(entity="party_org", action="update")
    assert event.after == {"name": "金竹苑小区党支部"}


def test_a_branch_moves_under_an_area_general_branch(orgs, street_admin, tree):
    general = services.party_org_create(actor=street_admin, kind="area_general_branch",
                                        name="第一片区党总支", area=tree.community,
                                        parent=orgs.community)
    services.party_org_move(actor=street_admin, org=orgs.branch, parent=general)
    assert PartyOrg.objects.get(pk=orgs.branch.pk).parent == general
    # but not under a party group's place in the chain, nor under itself
    with pytest.raises(DomainError):
        services.party_org_move(actor=street_admin, org=orgs.branch, parent=orgs.street)
    with pytest.raises(DomainError):
        services.party_org_move(actor=street_admin, org=general, parent=orgs.branch)


def test_a_community_committee_must_attach_to_a_community(orgs, tree):
    with pytest.raises(DomainError) as exc:
        services.party_org_create(actor=SYSTEM, kind="community_committee", name="x",
                                  area=tree.grid1, parent=orgs.street)
    assert exc.value.field == "area"


def test_a_unit_organisation_names_its_unit(orgs, tree):
    with pytest.raises(DomainError) as exc:
        services.party_org_create(actor=SYSTEM, kind="unit_org", name="某公司党支部",
                                  area=tree.community, parent=orgs.street)
    assert exc.value.field == "unit"


def test_dissolve_only_an_empty_organisation(orgs, street_admin):
    with pytest.raises(Conflict):
        services.party_org_dissolve(actor=street_admin, org=orgs.community)
    services.party_org_dissolve(actor=street_admin, org=orgs.branch, reason="撤并")
    assert not PartyOrg.objects.filter(pk=orgs.branch.pk).exists()
    assert AuditEvent.objects.get(entity="party_org", action="party_org_dissolve").before["name"] == "金竹苑党支部"


def test_out_of_scope_street_admin_is_refused(orgs, other_community):
    outsider = factories.user("street_admin", other_community.parent)
    with pytest.raises(Forbidden):
        services.party_org_update(actor=outsider, org=orgs.branch, name="x")
    with pytest.raises(Forbidden):
        services.party_org_dissolve(actor=outsider, org=orgs.branch)


def test_da_dang_wei_membership_and_part_time_members(orgs, unit, street_admin):
    unit_org = services.party_org_create(actor=SYSTEM, kind="unit_org", name="医院党委",
                                         area=unit.area, parent=orgs.street, unit=unit)
    services.committee_member_add(actor=street_admin, committee=orgs.community, org=unit_org)
    services.committee_member_add(actor=street_admin, committee=orgs.community, org=unit_org)
    assert list(orgs.community.member_orgs.all()) == [unit_org]
    # only a unit's organisation joins, only a community committee takes members
    with pytest.raises(DomainError):
        services.committee_member_add(actor=street_admin, committee=orgs.community,
                                      org=orgs.branch)
    with pytest.raises(DomainError):
        services.committee_member_add(actor=street_admin, committee=orgs.branch, org=unit_org)
    member = services.part_time_member_add(
        actor=street_admin, committee=orgs.community, name="李华", unit=unit, post="兼职副书记",
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31))
    assert member.path == orgs.community.path
    with pytest.raises(DomainError) as exc:
        services.part_time_member_add(actor=street_admin, committee=orgs.community, name="王五",
                                      unit=unit, post="委员", term_start=dt.date(2027, 1, 1),
                                      term_end=dt.date(2026, 1, 1))
    assert exc.value.field == "term_end"
    services.part_time_member_remove(actor=street_admin, member=member)
    services.committee_member_remove(actor=street_admin, committee=orgs.community, org=unit_org)
    assert not PartTimeMember.objects.exists() and not orgs.community.member_orgs.exists()


def test_unit_update_close_and_credit_code(unit, street_admin):
    services.unit_update(actor=street_admin, unit=unit, name="达川区中心医院", address="通川路1号")
    with pytest.raises(DomainError) as exc:
        services.unit_update(actor=street_admin, unit=unit, credit_code="91350100M000100Y44")
    assert exc.value.field == "credit_code"
    services.unit_close(actor=street_admin, unit=unit, reason="迁出")
    unit.refresh_from_db()
    assert unit.closed_at is not None and unit.name == "达川区中心医院"
    with pytest.raises(DomainError):
        services.unit_close(actor=street_admin, unit=unit)
    with pytest.raises(DomainError):
        services.unit_update(actor=street_admin, unit=unit, name="x")


def test_unit_liaison_link_and_unlink(unit, street_admin):
    liaison = factories.user("unit_liaison", unit.area)
    member_services.unit_liaison_link(actor=street_admin, user=liaison, unit=unit)
    member_services.unit_liaison_link(actor=street_admin, user=liaison, unit=unit)
    assert UnitLiaison.objects.filter(unit=unit).count() == 1
    assert AuditEvent.objects.filter(action="liaison_add").count() == 1
    member_services.unit_liaison_unlink(actor=street_admin, user=liaison, unit=unit)
    assert not UnitLiaison.objects.exists()
    with pytest.raises(DomainError):
        member_services.unit_liaison_unlink(actor=street_admin, user=liaison, unit=unit)
    services.unit_close(actor=street_admin, unit=unit)
    with pytest.raises(DomainError):
        member_services.unit_liaison_link(actor=street_admin, user=liaison, unit=unit)
