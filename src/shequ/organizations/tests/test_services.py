"""Units and party organisations."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, Forbidden
from shequ.organizations import services
from shequ.organizations.models import Unit

pytestmark = pytest.mark.django_db


def test_unit_with_valid_code_is_created_and_normalised(tree, staff):
    unit = services.unit_create(actor=staff, name="达川区人民医院", credit_code=" 91350100m000100y43 ",
                                kind="institution", area=tree.community)
    assert unit.credit_code == "91350100M000100Y43"


@pytest.mark.parametrize("code", ["91350100M000100Y44", "9135", "91350100M00010OY43"])
def test_bad_credit_code_is_refused_naming_the_field(tree, staff, code):
    with pytest.raises(DomainError) as exc:
        services.unit_create(actor=staff, name="某公司", credit_code=code, kind="enterprise",
                             area=tree.community)
    assert exc.value.field == "credit_code"
    assert not Unit.objects.exists()


def test_grid_worker_cannot_register_units(tree, grid_worker):
    with pytest.raises(Forbidden):
        services.unit_create(actor=grid_worker, name="某公司", credit_code="91350100M000100Y43",
                             kind="enterprise", area=tree.grid1)


def test_org_chain_is_enforced(tree, staff):
    district = services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                         area=tree.district)
    with pytest.raises(DomainError):
        services.party_org_create(actor=SYSTEM, kind="branch", name="支部", area=tree.community,
                                  parent=district)
