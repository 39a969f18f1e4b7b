"""shequ org / shequ unit: party organisations and units one at a time from the command
line, through the set-up services; refusals exit non-zero with a code and a Chinese
message, and a user acts only inside their scope."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.members.models import UnitLiaison
from shequ.organizations.models import PartyOrg, Unit
from shequ.territory import services as territory_services
from shequ.testing import factories

pytestmark = pytest.mark.django_db
CODE = "91350100M000100Y43"


def run(name, *args) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def chain(tree):
    run("org", "add", "--kind", "district_committee", "--name", "中共达川区委",
        "--area", tree.district.code)
    run("org", "add", "--kind", "street_working_committee", "--name", "翠屏街道党工委",
        "--area", tree.street.code, "--parent", "中共达川区委")
    run("org", "add", "--kind", "community_committee", "--name", "翠屏社区党委",
        "--area", tree.community.code, "--parent", "翠屏街道党工委")
    return tree


def test_an_organisation_is_added_listed_renamed_moved_and_dissolved(chain):
    tree = chain
    out = run("org", "add", "--kind", "branch", "--name", "金竹苑党支部",
              "--area", tree.grid1.code, "--parent", "翠屏社区党委")
    assert out.startswith("created: ") and "金竹苑党支部" in out
    listing = run("org", "list", "--under", tree.community.code)
    assert listing.splitlines()[-1] == "2 organisation(s)"
    run("org", "rename", "金竹苑党支部", "金竹苑小区党支部")
    branch = PartyOrg.objects.get(name="金竹苑小区党支部")
    run("org", "add", "--kind", "area_general_branch", "--name", "东片区党总支",
        "--area", tree.community.code, "--parent", "翠屏社区党委")
    run("org", "move", str(branch.pk), "--parent", "东片区党总支")
    assert PartyOrg.objects.get(pk=branch.pk).parent.name == "东片区党总支"
    run("org", "dissolve", str(branch.pk), "--reason", "合并")
    assert not PartyOrg.objects.filter(pk=branch.pk).exists()
    assert AuditEvent.objects.filter(action="party_org_dissolve", entity_id=branch.pk,
                                     reason="合并").exists()


def test_org_refusals_exit_with_code_and_chinese_message(chain):
    tree = chain
    with pytest.raises(CommandError, match="invalid: 该党组织不能设在此上级组织之下"):
        run("org", "add", "--kind", "group", "--name", "x", "--area", tree.grid1.code,
            "--parent", "翠屏社区党委")
    with pytest.raises(CommandError, match="not_found: 您的管辖范围内没有代码为 000000000000 的区域"):
        run("org", "add", "--kind", "branch", "--name", "x", "--area", "000000000000")
    with pytest.raises(CommandError, match="not_found: "):
        run("org", "rename", "没有这个组织", "x")
    with pytest.raises(CommandError, match="not_found: 您的管辖范围内没有党组织"):
        run("org", "move", "翠屏社区党委", "--parent", "9999")
    with pytest.raises(CommandError, match="conflict: "):
        run("org", "dissolve", "翠屏街道党工委")
    assert PartyOrg.objects.filter(name="翠屏街道党工委").exists()


def test_org_commands_are_scoped_to_the_actor(chain):
    tree = chain
    other = factories.Tree()
    factories.user("street_admin", other.street, username="other-admin")
    with pytest.raises(CommandError, match="not_found: "):
        run("org", "rename", "翠屏社区党委", "x", "--actor", "other-admin")
    assert "0 organisation(s)" in run("org", "list", "--actor", "other-admin")
    factories.user("street_admin", tree.street, username="our-admin")
    run("org", "rename", "翠屏社区党委", "翠屏社区委员会", "--actor", "our-admin")
    assert PartyOrg.objects.filter(name="翠屏社区委员会").exists()


def test_a_unit_is_added_updated_linked_and_closed(tree):
    out = run("unit", "add", "--name", "达川区人民医院", "--credit-code", CODE.lower(),
              "--kind", "institution", "--area", tree.community.code)
    assert CODE in out
    run("unit", "update", CODE.lower(), "--address", "翠屏路1号", "--name", "达川区医院")
    unit = Unit.objects.get(credit_code=CODE)
    assert (unit.name, unit.address) == ("达川区医院", "翠屏路1号")
    factories.user("community_staff", tree.community, username="liaison1")
    assert "linked: liaison1" in run("unit", "link-liaison", CODE, "liaison1")
    assert UnitLiaison.objects.filter(unit=unit, user__username="liaison1").exists()
    run("unit", "unlink-liaison", CODE, "liaison1")
    assert not UnitLiaison.objects.filter(unit=unit).exists()
    assert "1 unit(s)" in run("unit", "list", "--under", tree.street.code)
    run("unit", "close", str(unit.pk), "--reason", "迁出")
    assert "0 unit(s)" in run("unit", "list")
    assert "closed" in run("unit", "list", "--closed")


def test_unit_refusals(tree):
    with pytest.raises(CommandError, match="credit_code|统一社会信用代码"):
        run("unit", "add", "--name", "x", "--credit-code", "91350100M000100Y44",
            "--kind", "enterprise", "--area", tree.community.code)
    run("unit", "add", "--name", "医院", "--credit-code", CODE, "--kind", "institution",
        "--area", tree.community.code)
    with pytest.raises(CommandError, match="duplicate: "):
        run("unit", "add", "--name", "y", "--credit-code", CODE, "--kind", "enterprise",
            "--area", tree.community.code)
    with pytest.raises(CommandError, match="not_found: "):
        run("unit", "link-liaison", CODE, "nobody")
    with pytest.raises(CommandError, match="not_found: "):
        run("unit", "unlink-liaison", CODE, "nobody")
    with pytest.raises(CommandError, match="not_found: "):
        run("unit", "close", "91350100M000100Y00")
    assert Unit.objects.count() == 1


def test_unit_commands_are_scoped(tree):
    run("unit", "add", "--name", "医院", "--credit-code", CODE, "--kind", "institution",
        "--area", tree.community.code)
    other = factories.Tree()
    factories.user("street_admin", other.street, username="other-admin")
    with pytest.raises(CommandError, match="not_found: "):
        run("unit", "close", CODE, "--actor", "other-admin")
    street = territory_services.area_create(actor=SYSTEM, kind="street", name="三里坪街道",
                                            code=f"{tree.district.code}002",
                                            parent=tree.district)
    assert street and Unit.objects.get(credit_code=CODE).closed_at is None
