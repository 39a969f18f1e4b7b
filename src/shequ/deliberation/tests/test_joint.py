"""联席会议: a topic agenda, resolutions for units with deadlines, follow-up, overdue."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.deliberation import selectors, services
from shequ.organizations.models import Unit


@pytest.fixture
def joint(tree, staff, committee):
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="joint",
                                      title="大党委联席会议", starts_at=timezone.now())
    for m in committee:
        services.invitee_add(actor=staff, meeting=meeting, member=m)
    services.agenda_add(actor=staff, meeting=meeting, topic="背街小巷整治")
    return meeting


def test_a_resolution_is_followed_up_and_overdue_ones_are_listed(tree, staff, joint):
    unit = Unit.objects.filter(area=tree.community).first()
    late = services.resolution_add(actor=staff, meeting=joint, text="清理堆放杂物", unit=unit,
                                   due_on=timezone.localdate() - dt.timedelta(days=1))
    services.resolution_add(actor=staff, meeting=joint, text="修缮路灯", unit=unit,
                            due_on=timezone.localdate() + dt.timedelta(days=7))
    assert list(selectors.resolution_list(actor=staff, overdue=True)) == [late]
    services.resolution_follow_up(actor=staff, resolution=late, status="done", note="已清理")
    assert list(selectors.resolution_list(actor=staff, overdue=True)) == []
    assert late.updates.get().note == "已清理"


def test_a_joint_meeting_neither_votes_nor_takes_matters(staff, joint, approved):
    with pytest.raises(DomainError) as err:
        services.agenda_add(actor=staff, meeting=joint, matter=approved)
    assert err.value.code == "wrong_meeting_kind"


def test_a_council_assigns_no_resolutions(tree, staff, council):
    unit = Unit.objects.filter(area=tree.community).first()
    with pytest.raises(DomainError) as err:
        services.resolution_add(actor=staff, meeting=council, text="x", unit=unit,
                                due_on=timezone.localdate())
    assert err.value.code == "wrong_meeting_kind"


def test_invitees_come_from_the_community(tree, staff, council, resident):
    from shequ.testing import factories
    services.invitee_add(actor=staff, meeting=council, resident=resident)
    other = factories.Tree()
    stranger = factories.resident(other.household1, name="外人")
    with pytest.raises(DomainError) as err:
        services.invitee_add(actor=staff, meeting=council, resident=stranger)
    assert err.value.field == "resident"
    with pytest.raises(DomainError) as err:  # the same person twice
        services.invitee_add(actor=staff, meeting=council, resident=resident)
    assert err.value.code == "duplicate"


def test_a_closed_meeting_takes_no_changes(staff, joint):
    with pytest.raises(DomainError):
        services.meeting_close(actor=staff, meeting=joint)  # no minutes yet
    services.minutes_set(actor=staff, meeting=joint, minutes="会议议定…")
    services.meeting_close(actor=staff, meeting=joint)
    with pytest.raises(DomainError) as err:
        services.minutes_set(actor=staff, meeting=joint, minutes="改写")
    assert err.value.code == "meeting_closed"


def test_a_member_leaving_the_committee_stays_on_past_meetings_by_name(staff, council,
                                                                       committee):
    """Found by the API fuzz test: removing a part-time member invited to a meeting was a 500."""
    from shequ.organizations import services as org_services

    org_services.part_time_member_remove(actor=SYSTEM, member=committee[0])
    names = list(council.invitees.values_list("name", "member"))
    assert ("王兼职", None) in names
