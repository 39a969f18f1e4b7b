"""A unit liaison's home (issue 8 item 15): their unit's in-service party members and their
双报到 state, this month's logs waiting for confirmation, the unit report one tap away; the
same queries for 1 member as for 12, and nothing about other units."""


import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.members import services
from shequ.organizations import services as org_services
from shequ.testing import factories
from shequ.testing.home import figure, panel_queries

from .conftest import code, make_member

pytestmark = pytest.mark.django_db



def test_a_liaisons_home_shows_their_members_and_who_has_not_registered(
        client, tree, orgs, unit, member, colleague, liaison, staff):
    """Two members of the unit, one registered with a log waiting this month: the counts,
    the unregistered colleague by name, the report link; a member of another unit is not
    counted."""
    # given
    reg = services.dual_register(actor=staff, member=member, community=tree.community)
    services.service_log_create(actor=staff, registration=reg, served_on=timezone.localdate(),
                                hours=2, description="政策宣传")
    other = org_services.unit_create(actor=SYSTEM, name="另一单位", credit_code=code(2),
                                     kind="agency", area=tree.community)
    make_member(tree.household1, "外单位党员", orgs["community"], other)
    client.force_login(liaison)
    # when
    page = client.get("/").content.decode()
    # then
    assert figure(page, "在职党员") == 2
    assert figure(page, "已报到") == 1
    assert figure(page, "未报到") == 1
    assert figure(page, "本月待确认的服务记录") == 1
    assert "党员乙" in page and "外单位党员" not in page
    assert reverse("members:unit-report", args=[unit.pk]) in page


def test_a_liaison_without_a_unit_is_told_so(client, tree):
    """An account with the role but no unit yet sees why the panel is empty."""
    # given
    client.force_login(factories.user("unit_liaison", tree.community))
    # when
    page = client.get("/").content.decode()
    # then
    assert "您尚未担任任何单位的联络员。" in page



def test_the_liaison_panel_query_count_does_not_grow(tree, orgs, unit, member, liaison, staff):
    """The same number of queries for one member as for twelve, registered or not."""
    # given
    few = panel_queries(liaison, "members-liaison")
    for n in range(11):
        m = make_member(tree.household2 if n % 2 else tree.household1, f"党员{n}",
                        orgs["community"], unit)
        if n % 2:
            reg = services.dual_register(actor=staff, member=m, community=tree.community)
            services.service_log_create(actor=staff, registration=reg, hours=1,
                                        served_on=timezone.localdate(),
                                        description="服务")
    # when
    many = panel_queries(liaison, "members-liaison")
    # then
    assert many == few
