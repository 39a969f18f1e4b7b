"""Staff pages of courses: edit a course and its sessions (time and hours fixed once
attendance is recorded), enrol and withdraw learners, search, and download learners and
the year's study hours. Refusals write nothing."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.courses import services
from shequ.courses.models import Course, Enrolment
from shequ.territory import services as territory_services
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person


@pytest.fixture
def people(tree):
    return person(tree.household1, "学员甲"), person(tree.household2, "学员乙")


@pytest.fixture
def course(staff, tree):
    return services.course_create(actor=staff, community=tree.community, title="市民夜校",
                                  kind="night_school", capacity=2)


@pytest.fixture
def session(staff, course):
    start = timezone.now() + dt.timedelta(minutes=10)
    return services.session_add(actor=staff, course=course, title="第一课", starts_at=start,
                                ends_at=start + dt.timedelta(minutes=90))


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_edit_a_course(staff_client, staff, course):
    url = reverse("courses:course-edit", args=[course.pk])
    staff_client.post(url, {"title": "市民夜校·手机课", "kind": "night_school", "capacity": 30,
                            "is_active": "on"})
    course.refresh_from_db()
    assert (course.title, course.capacity, course.is_active) == ("市民夜校·手机课", 30, True)
    assert AuditEvent.objects.filter(entity="course", action="update", actor=staff).exists()


def test_places_cannot_drop_below_the_enrolled(staff_client, course, people):
    for p in people:
        services.enrol(actor=p.user, course=course)
    url = reverse("courses:course-edit", args=[course.pk])
    response = staff_client.post(url, {"title": "改名", "kind": "night_school", "capacity": 1,
                                       "is_active": "on"})
    assert response.status_code == 400
    course.refresh_from_db()
    assert (course.title, course.capacity) == ("市民夜校", 2)


def test_a_closed_course_takes_no_enrolment(staff_client, course, people):
    staff_client.post(reverse("courses:course-edit", args=[course.pk]),
                      {"title": course.title, "kind": "night_school", "capacity": 2})
    from shequ.core.errors import Conflict
    with pytest.raises(Conflict):
        services.enrol(actor=people[0].user, course=course)
    assert not Enrolment.objects.exists()


def test_session_time_is_fixed_once_attendance_is_recorded(staff_client, course, session,
                                                           people):
    services.enrol(actor=people[0].user, course=course)
    url = reverse("courses:session-edit", args=[course.pk, session.pk])
    later = session.starts_at + dt.timedelta(hours=1)
    data = {"title": "第一课：微信", "starts_at": local(later),
            "ends_at": local(later + dt.timedelta(hours=2)), "hours": "2", "place": "活动室"}
    assert staff_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.title, str(session.hours)) == ("第一课：微信", "2.0")
    services.roll_call(actor=SYSTEM, session=session, resident_ids=[people[0].pk])
    response = staff_client.post(url, {**data, "hours": "3"})
    assert response.status_code == 400
    session.refresh_from_db()
    assert str(session.hours) == "2.0"
    assert staff_client.post(url, {**data, "place": "二楼"}).status_code == 302


def test_an_end_before_the_start_is_refused(staff_client, course):
    start = timezone.now() + dt.timedelta(days=1)
    staff_client.post(reverse("courses:session-new", args=[course.pk]), {
        "title": "x", "starts_at": local(start),
        "ends_at": local(start - dt.timedelta(hours=1))})
    assert not course.sessions.exists()


def test_staff_enrol_and_withdraw_a_resident(staff_client, course, people):
    a, _b = people
    page = staff_client.get(reverse("courses:course-detail", args=[course.pk]),
                            {"q": "学员"}).content.decode()
    assert f'data-resident="{a.pk}"' in page
    staff_client.post(reverse("courses:learner-enrol", args=[course.pk]), {"resident": a.pk})
    row = Enrolment.objects.get(resident=a)
    assert row.state == "enrolled"
    staff_client.post(reverse("courses:learner-withdraw", args=[course.pk, row.pk]))
    row.refresh_from_db()
    assert row.state == "withdrawn"


def test_residents_of_another_community_cannot_be_enrolled(staff_client, course):
    other = factories.Tree()
    stranger = factories.resident(other.household1, name="学员丙")
    response = staff_client.post(reverse("courses:learner-enrol", args=[course.pk]),
                                 {"resident": stranger.pk})
    assert response.status_code == 404 and not Enrolment.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "grid_worker"])
def test_read_only_staff_cannot_change_courses(client, tree, course, people, role):
    area = tree.grid1 if role == "grid_worker" else tree.community
    client.force_login(factories.user(role, area))
    # a supervisor sees the course (403); a grid worker's grid does not cover it (404)
    expected = 403 if role == "supervisor" else 404
    url = reverse("courses:course-edit", args=[course.pk])
    assert client.post(url, {"title": "x", "kind": "night_school"}).status_code == expected
    response = client.post(reverse("courses:learner-enrol", args=[course.pk]),
                           {"resident": people[0].pk})
    assert response.status_code == expected
    assert Course.objects.get().title == "市民夜校" and not Enrolment.objects.exists()


def test_another_community_gets_404(client, course):
    other = factories.Tree()
    client.force_login(factories.user("community_staff", other.community))
    for url in (reverse("courses:course-edit", args=[course.pk]),
                reverse("courses:learners-export", args=[course.pk])):
        assert client.get(url).status_code == 404


def test_course_list_filters_and_counts_learners_once(staff_client, staff, tree, course,
                                                       session, people):
    services.session_add(actor=staff, course=course, title="第二课",
                         starts_at=session.starts_at + dt.timedelta(days=7),
                         ends_at=session.ends_at + dt.timedelta(days=7))
    services.enrol(actor=people[0].user, course=course)
    school = services.course_create(actor=staff, community=tree.community, title="党课",
                                    kind="party_school")
    url = reverse("courses:course-list")
    page = staff_client.get(url, {"kind": "night_school"}).content.decode()
    assert f'data-course="{course.pk}"' in page and f'data-course="{school.pk}"' not in page
    assert "1/2" in page  # one learner, not one per session


def test_learners_and_study_hours_download(staff_client, course, session, people):
    a, b = people
    for p in people:
        services.enrol(actor=p.user, course=course)
    services.roll_call(actor=SYSTEM, session=session, resident_ids=[a.pk])
    response = staff_client.get(reverse("courses:learners-export", args=[course.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert sorted(r[0] for r in rows[1:]) == ["学员乙", "学员甲"]
    assert {r[0]: r[2:] for r in rows[1:]}["学员甲"] == (1, 1.5)
    csv = staff_client.get(reverse("courses:study-overview"),
                           {"year": session.starts_at.year, "format": "csv"})
    body = csv.content.decode("utf-8-sig")
    assert "学员甲,1,1.5" in body and "学员乙" not in body


def test_enrolment_and_attendance_follow_a_building_move(course, session, people, tree):
    a, _b = people
    services.enrol(actor=a.user, course=course)
    services.roll_call(actor=SYSTEM, session=session, resident_ids=[a.pk])
    territory_services.building_move(actor=SYSTEM, building=tree.household1.entrance.building,
                                     grid=tree.grid2)
    worker1 = factories.user("grid_worker", tree.grid1)
    worker2 = factories.user("grid_worker", tree.grid2)
    from shequ.courses import selectors
    year = timezone.localtime(session.starts_at).year
    names = lambda u: [r["resident__name"] for r in  # noqa: E731
                       selectors.study_hours_by_person(actor=u, year=year)]
    assert names(worker2) == ["学员甲"] and names(worker1) == []
    assert Enrolment.objects.get(resident=a).path == tree.grid2.path


def test_course_list_queries_do_not_grow(staff_client, staff, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, start):
        course = None
        for i in range(start, start + n):
            course = services.course_create(actor=staff, community=tree.community,
                                            title=f"课{i}", kind="night_school")
        return course

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            staff_client.get(url)
        return len(ctx.captured_queries)

    add(2, 0)
    few = count(reverse("courses:course-list"))
    add(8, 2)
    assert count(reverse("courses:course-list")) == few
