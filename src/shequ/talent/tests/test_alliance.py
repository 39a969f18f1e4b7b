"""The entrepreneur alliance: members (a resident or a unit, once), help sessions and
salons with attendance, follow-ups with an owner and a due date."""

import datetime as dt

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.talent import selectors, services
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree, unit, alice):
    return (services.member_join(actor=SYSTEM, community=tree.community, resident=alice,
                                 business="水电维修"),
            services.member_join(actor=SYSTEM, community=tree.community, unit=unit))


def test_a_member_is_a_resident_or_a_unit_once(tree, unit, alice, members, staff):
    with pytest.raises(DomainError):
        services.member_join(actor=staff, community=tree.community, resident=alice, unit=unit)
    with pytest.raises(Conflict):
        services.member_join(actor=staff, community=tree.community, resident=alice)
    assert [m.name for m in selectors.member_list(actor=staff)] == ["达州电力公司", "王电工"]


def test_someone_of_another_community_cannot_join(tree, members):
    other = factories.Tree()
    stranger = factories.resident(other.household1, name="外人")
    with pytest.raises(DomainError) as refused:
        services.member_join(actor=SYSTEM, community=tree.community, resident=stranger)
    assert refused.value.field == "resident"


def test_session_attendance_and_follow_ups(tree, members, staff):
    supervisor = factories.user("supervisor", tree.community)
    alice, unit = members
    s = services.session_add(actor=staff, community=tree.community, kind="salon",
                             title="众创思变：社区小店怎么做线上", held_on=dt.date(2026, 11, 20),
                             notes="想法一：团购")
    assert services.attendance_set(actor=staff, session=s, member_ids=[alice.pk, unit.pk]) == 2
    f = services.follow_up_add(actor=staff, session=s, text="对接电商培训", owner=supervisor,
                               due=dt.date(2026, 12, 20), member=alice)
    row = selectors.session_get_for_actor(staff, s.pk)
    assert row.present == 2 and row.open_follow_ups == 1
    # the owner (a supervisor, who only views) marks it done; twice is refused
    services.follow_up_done(actor=supervisor, follow_up=f)
    with pytest.raises(Conflict):
        services.follow_up_done(actor=staff, follow_up=f)
    assert selectors.session_get_for_actor(staff, s.pk).open_follow_ups == 0


def test_follow_up_refusals(tree, members, staff):
    s = services.session_add(actor=staff, community=tree.community, kind="help",
                             title="十二月帮扶会", held_on=dt.date(2026, 12, 1))
    outsider = factories.user("community_staff", factories.Tree().community)
    with pytest.raises(DomainError) as owner:
        services.follow_up_add(actor=staff, session=s, text="x", owner=outsider,
                               due=dt.date(2026, 12, 5))
    assert owner.value.field == "owner"
    with pytest.raises(DomainError) as due:
        services.follow_up_add(actor=staff, session=s, text="x", owner=staff,
                               due=dt.date(2026, 11, 5))
    assert due.value.field == "due"
    left = services.member_leave(actor=staff, member=members[0])
    with pytest.raises(DomainError):
        services.attendance_set(actor=staff, session=s, member_ids=[left.pk])


def test_staff_elsewhere_see_nothing(tree, members):
    outsider = factories.user("community_staff", factories.Tree().community)
    assert not selectors.member_list(actor=outsider).exists()
    with pytest.raises(NotFound):
        services.member_leave(actor=outsider, member=members[0])
