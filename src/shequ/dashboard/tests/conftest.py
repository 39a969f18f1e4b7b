import pytest

from shequ.core.actors import SYSTEM
from shequ.territory import services as territory_services
from shequ.testing import factories as f


@pytest.fixture
def land(tree):
    """The test tree, a second street with its community and grid, and residents: two in
    the first grid, one in the second, three in the other street's grid."""
    other = territory_services.area_create(actor=SYSTEM, kind="street", name="南外街道",
                                           code=f"{tree.district.code}002", parent=tree.district)
    community = territory_services.area_create(actor=SYSTEM, kind="community", name="南外社区",
                                               code=f"{other.code}001", parent=other)
    grid = territory_services.area_create(actor=SYSTEM, kind="grid", name="南一网格",
                                          parent=community)
    household = f.household(grid, territory_services.compound_get_or_create(
        community=community, name="南苑")[0], "1栋", "1单元", "101")
    for i in range(2):
        f.resident(tree.household1, name=f"甲{i}")
    f.resident(tree.household2, name="乙")
    for i in range(3):
        f.resident(household, name=f"丙{i}")
    tree.other_street, tree.other_community, tree.other_grid = other, community, grid
    return tree
