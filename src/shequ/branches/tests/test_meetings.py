"""三会一课: records of a branch, a held date never in the future, QR sign-in by members of
the branch only, roll call from the member list, and the requirement check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shequ.branches import selectors, services
from shequ.branches.models import MeetingAttendance, MeetingKind
from shequ.branches.rules import month_index
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def today():
    return timezone.localdate()


@pytest.mark.django_db
def test_a_held_meeting_dated_tomorrow_is_refused(party, staff):
    # when / then
    with pytest.raises(DomainError) as e:
        services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="党课", planned_on=today(),
                                held_on=today() + dt.timedelta(days=1))
    assert e.value.field == "held_on" and e.value.code == "future_date"
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="党课", planned_on=today())
    with pytest.raises(DomainError):
        services.meeting_update(actor=staff, meeting=m, topic="党课", planned_on=today(),
                                held_on=today() + dt.timedelta(days=3))


@pytest.mark.django_db
def test_a_party_committee_is_not_a_branch(party, staff):
    with pytest.raises(DomainError) as e:
        services.meeting_create(actor=staff, branch=party.committee, kind=MeetingKind.LESSON,
                                topic="党课", planned_on=today())
    assert e.value.code == "not_a_branch"


@pytest.mark.django_db
def test_a_member_signs_in_on_the_day_and_the_meeting_is_held(party, staff):
    # given a 党课 planned today
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="学习党章", planned_on=today())
    # when the member scans its code
    services.meeting_check_in(actor=party.me.resident.user, token=m.checkin_token)
    # then they are present and the meeting is held today
    m.refresh_from_db()
    assert m.held_on == today()
    assert MeetingAttendance.objects.filter(meeting=m, member=party.me).exists()
    with pytest.raises(Conflict):
        services.meeting_check_in(actor=party.me.resident.user, token=m.checkin_token)


@pytest.mark.django_db
def test_someone_of_another_branch_cannot_sign_in(party, staff):
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="学习党章", planned_on=today())
    with pytest.raises(Forbidden) as e:
        services.meeting_check_in(actor=party.stranger.resident.user, token=m.checkin_token)
    assert e.value.code == "not_in_branch"
    with pytest.raises(NotFound):
        services.meeting_check_in(actor=party.me.resident.user, token="nope")


@pytest.mark.django_db
def test_sign_in_is_closed_on_another_day(party, staff):
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="学习党章", planned_on=today() + dt.timedelta(days=2))
    with pytest.raises(Conflict):
        services.meeting_check_in(actor=party.me.resident.user, token=m.checkin_token)


@pytest.mark.django_db
def test_roll_call_takes_the_branch_and_its_groups_only(party, staff):
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.GENERAL,
                                topic="党员大会", planned_on=today(), held_on=today())
    # a member of the other branch refuses the whole call
    with pytest.raises(DomainError) as e:
        services.meeting_roll_call(actor=staff, meeting=m,
                                   member_ids=[party.me.pk, party.stranger.pk])
    assert e.value.code == "not_in_branch"
    assert not m.attendances.exists()
    # the group's member counts as the branch's
    assert services.meeting_roll_call(actor=staff, meeting=m,
                                      member_ids=[party.me.pk, party.m2.pk]) == 2
    assert services.meeting_roll_call(actor=staff, meeting=m, member_ids=[party.me.pk]) == 0
    present = {mem.pk for mem, here in selectors.meetings.attendance(m) if here}
    assert present == {party.me.pk, party.m2.pk}


@pytest.mark.django_db
def test_roll_call_needs_a_held_date(party, staff):
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.GENERAL,
                                topic="党员大会", planned_on=today())
    with pytest.raises(Conflict):
        services.meeting_roll_call(actor=staff, meeting=m, member_ids=[party.me.pk])


@pytest.mark.django_db
def test_photos_are_jpeg_or_png(party, staff):
    m = services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.GENERAL,
                                topic="党员大会", planned_on=today(), held_on=today())
    with pytest.raises(DomainError):
        services.meeting_photo_add(actor=staff, meeting=m,
                                   photo=SimpleUploadedFile("x.png", b"GIF89a..."))
    row = services.meeting_photo_add(actor=staff, meeting=m,
                                     photo=SimpleUploadedFile("x.png", PNG))
    assert row.image.name.startswith("branches/")


@pytest.mark.django_db
def test_staff_of_another_area_are_told_it_does_not_exist(party, other_grid_worker, tree):
    from shequ.testing import factories
    outsider = factories.user("community_staff", factories.Tree("8").community)
    with pytest.raises(NotFound):
        services.meeting_create(actor=outsider, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="党课", planned_on=today())
    with pytest.raises(NotFound):
        services.meeting_create(actor=None, branch=party.branch, kind=MeetingKind.LESSON,
                                topic="党课", planned_on=today())


@pytest.mark.django_db
def test_the_check_lists_monthly_and_quarterly_shortfalls(party, staff, district_admin, tree):
    # given a quarter where the branch held a 党课, one 支委会 and nothing else
    q_first = dt.date(2025, 4, 1)
    for kind, day in ((MeetingKind.LESSON, dt.date(2025, 5, 8)),
                      (MeetingKind.COMMITTEE, dt.date(2025, 4, 3)),
                      (MeetingKind.COMMITTEE, dt.date(2025, 4, 20))):
        services.meeting_create(actor=staff, branch=party.branch, kind=kind, topic="x",
                                planned_on=day, held_on=day)
    first = month_index(q_first)
    # when the district admin lists the shortfalls of Q2
    rows = selectors.shortfalls(actor=district_admin, first=first, last=first + 2)
    # then both branches are listed; ours lacks the May and June 支委会, three 党小组会 and
    # the 党员大会, not the 党课
    mine = next(r for r in rows if r["branch"].pk == party.branch.pk)
    gaps = {(g.kind, g.period) for g in mine["gaps"]}
    assert gaps == {("committee", "2025-05"), ("committee", "2025-06"),
                    ("group", "2025-04"), ("group", "2025-05"), ("group", "2025-06"),
                    ("general", "2025 Q2")}
    assert mine["community"] == tree.community.name and mine["street"] == tree.street.name
    assert {r["branch"].pk for r in rows} == {party.branch.pk, party.other.pk}


@pytest.mark.django_db
def test_a_district_may_ask_more(party, staff, district_admin, tree):
    services.rule_set(actor=district_admin, district=tree.district, kind=MeetingKind.LESSON,
                      every_months=1, times=2)
    with pytest.raises(DomainError):
        services.rule_set(actor=district_admin, district=tree.district,
                          kind=MeetingKind.LESSON, every_months=2, times=1)
    with pytest.raises(NotFound):  # staff of a community do not configure the district
        services.rule_set(actor=staff, district=tree.district, kind=MeetingKind.LESSON,
                          every_months=1, times=2)
    first = month_index(dt.date(2025, 4, 1))
    gaps, met = selectors.check(selectors.branch_list(actor=district_admin), first, first)
    assert ("lesson", "2025-04") in {(g.kind, g.period) for g in gaps[party.branch.pk]}
    assert met[party.branch.pk] == (0, 4)  # 支委会 1 + 党小组会 1 + 党课 2


@pytest.mark.django_db
def test_a_member_sees_their_own_branch_meetings_only(party, staff):
    services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                            topic="我们的党课", planned_on=today())
    services.meeting_create(actor=staff, branch=party.other, kind=MeetingKind.LESSON,
                            topic="别人的党课", planned_on=today())
    mine = selectors.meeting_list(actor=party.me.resident.user)
    assert [m.topic for m in mine] == ["我们的党课"]


@pytest.mark.django_db
def test_the_command_line_refuses_a_future_held_date(party):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(CommandError):
        call_command("branches_meeting", "--branch", str(party.branch.pk), "--kind", "lesson",
                     "--topic", "党课", "--planned", tomorrow, "--held", tomorrow)
    with pytest.raises(CommandError):
        call_command("branches_meeting", "--branch", str(party.committee.pk), "--kind",
                     "lesson", "--topic", "党课", "--planned", tomorrow)
    call_command("branches_meeting", "--branch", str(party.branch.pk), "--kind", "lesson",
                 "--topic", "党课", "--planned", today().isoformat(),
                 "--held", today().isoformat())
    assert selectors.meeting_list(actor=party.me.resident.user).count() == 1
