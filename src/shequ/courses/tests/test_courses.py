"""Courses: enrolment within places and for party members, QR check-in and roll call once
per session, study hours per person per year, and the study record page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.errors import Conflict, Forbidden, NotFound
from shequ.courses import selectors, services
from shequ.testing.factories import Tree
from shequ.volunteers.tests.conftest import person


@pytest.fixture
def people(tree):
    return person(tree.household1, "学员甲"), person(tree.household2, "学员乙")


@pytest.fixture
def course(staff, tree):
    return services.course_create(actor=staff, community=tree.community, title="市民夜校·智能手机",
                                  kind="night_school", capacity=1)


@pytest.fixture
def session(staff, course):
    start = timezone.now() + dt.timedelta(minutes=10)
    return services.session_add(actor=staff, course=course, title="第一课",
                                starts_at=start, ends_at=start + dt.timedelta(minutes=90))


def test_enrol_within_places(course, people):
    a, b = people
    services.enrol(actor=a.user, course=course)
    with pytest.raises(Conflict) as err:
        services.enrol(actor=b.user, course=course)
    assert err.value.code == "full"


def test_party_school_is_for_party_members(staff, tree, people):
    party = services.course_create(actor=staff, community=tree.community, title="社区党校",
                                   kind="party_school", party_only=True)
    with pytest.raises(Forbidden):
        services.enrol(actor=people[0].user, course=party)


def test_other_communities_cannot_enrol(course):
    stranger = person(Tree().household1, "外人")
    with pytest.raises(NotFound):
        services.enrol(actor=stranger.user, course=course)


def test_session_hours_default_to_its_length(session):
    assert str(session.hours) == "1.5"


def test_qr_check_in_counts_study_hours_once(course, session, people):
    a, _b = people
    with pytest.raises(Forbidden):
        services.session_check_in(actor=a.user, token=session.checkin_token)
    services.enrol(actor=a.user, course=course)
    services.session_check_in(actor=a.user, token=session.checkin_token)
    with pytest.raises(Conflict):
        services.session_check_in(actor=a.user, token=session.checkin_token)
    record = selectors.study_record(a, timezone.localdate().year)
    assert record["hours"] == session.hours and len(record["rows"]) == 1


def test_roll_call_records_enrolled_only(staff, course, session, people):
    a, b = people
    services.enrol(actor=a.user, course=course)
    assert services.roll_call(actor=staff, session=session, resident_ids=[a.pk, b.pk]) == 1
    assert services.roll_call(actor=staff, session=session, resident_ids=[a.pk]) == 0
    rows = list(selectors.study_hours_by_person(actor=staff, year=timezone.localdate().year))
    assert [(r["resident__name"], r["hours"]) for r in rows] == [("学员甲", session.hours)]


def test_study_record_pages(client, staff, course, session, people):
    a, b = people
    services.enrol(actor=a.user, course=course)
    services.roll_call(actor=staff, session=session, resident_ids=[a.pk])
    client.force_login(a.user)
    page = client.get(reverse("courses:study-me")).content.decode()
    assert 'data-testid="study-hours">1.5<' in page
    # a resident cannot open someone else's record; staff can
    client.force_login(b.user)
    assert client.get(reverse("courses:study", args=[a.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("courses:study", args=[a.pk])).status_code == 200
    assert client.get(reverse("courses:course-detail", args=[course.pk])).status_code == 200
    assert client.get(reverse("courses:study-overview")).status_code == 200
    r = client.get(f"/api/v1/courses/study/{a.pk}").json()
    assert r["hours"] == "1.5" and r["sessions"][0]["method"] == "roll_call"
