"""Staff run courses over the JSON API — courses, sessions, roll call, enrolling and
withdrawing learners — with the pages' refusals: a supervisor (reads) 403, another
community 404, bad input a 400 naming the field, a state conflict 409, nothing written."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from shequ.courses import services
from shequ.courses.models import Attendance, Course, CourseSession, Enrolment
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person

API = "/api/v1/courses"


def send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        client.handler.enforce_csrf_checks = False
        return client
    return as_user


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)


@pytest.fixture
def outsider():
    return factories.user("community_staff", factories.Tree().community)


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


def test_staff_create_and_edit_a_course(api, staff, tree):
    s = api(staff)
    r = send(s, "post", f"{API}/courses", {"community": tree.community.pk, "title": "社区党校",
                                           "kind": "party_school", "party_only": True})
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    r = send(s, "patch", f"{API}/courses/{cid}", {"capacity": 40})
    assert (r.status_code, r.json()["capacity"], r.json()["party_only"]) == (200, 40, True)
    r = send(s, "patch", f"{API}/courses/{cid}", {"capacity": None, "is_active": False})
    assert (r.status_code, r.json()["capacity"]) == (200, None)
    assert not Course.objects.get(pk=cid).is_active


def test_course_edit_refusals_write_nothing(api, staff, supervisor, outsider, course, people):
    url = f"{API}/courses/{course.pk}"
    assert send(api(supervisor), "patch", url, {"title": "x"}).status_code == 403
    assert send(api(outsider), "patch", url, {"title": "x"}).status_code == 404
    r = send(api(staff), "patch", url, {"kind": "cooking"})
    assert (r.status_code, r.json()["field"]) == (400, "kind")
    for p in people:
        services.enrol(actor=p.user, course=course)
    r = send(api(staff), "patch", url, {"title": "x", "capacity": 1})
    assert (r.status_code, r.json()["field"]) == (400, "capacity")
    course.refresh_from_db()
    assert (course.title, course.capacity) == ("市民夜校", 2)


def test_sessions_added_and_edited_until_attendance_fixes_them(api, staff, course, session,
                                                               people):
    s = api(staff)
    start = timezone.now() + dt.timedelta(days=7)
    r = send(s, "post", f"{API}/courses/{course.pk}/sessions", {
        "title": "第二课", "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat()})
    assert (r.status_code, r.json()["hours"]) == (201, "2.0")
    url = f"{API}/courses/{course.pk}/sessions/{session.pk}"
    r = send(s, "patch", url, {"place": "活动室", "hours": "2"})
    assert (r.status_code, r.json()["place"], r.json()["title"]) == (200, "活动室", "第一课")
    learner = people[0]
    services.enrol(actor=learner.user, course=course)
    r = send(s, "post", f"{url}/roll-call", {"present": [learner.pk, people[1].pk]})
    assert (r.status_code, r.json()["recorded"]) == (200, 1)
    # once attended, the time and hours are what the learner was credited with
    r = send(s, "patch", url, {"hours": "3"})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (
        409, "attendance_recorded", "starts_at")
    r = send(s, "patch", url, {"ends_at": session.starts_at.isoformat()})
    assert (r.status_code, r.json()["field"]) == (400, "ends_at")
    assert CourseSession.objects.get(pk=session.pk).hours == 2


def test_session_refusals(api, supervisor, outsider, course, session, people):
    url = f"{API}/courses/{course.pk}/sessions/{session.pk}"
    assert send(api(supervisor), "patch", url, {"place": "x"}).status_code == 403
    assert send(api(outsider), "patch", url, {"place": "x"}).status_code == 404
    services.enrol(actor=people[0].user, course=course)
    assert send(api(supervisor), "post", f"{url}/roll-call",
                {"present": [people[0].pk]}).status_code == 403
    assert not Attendance.objects.exists()
    assert CourseSession.objects.get(pk=session.pk).place == ""


def test_staff_enrol_and_withdraw_a_learner(api, staff, course, people):
    s = api(staff)
    r = send(s, "post", f"{API}/courses/{course.pk}/learners", {"resident": people[0].pk})
    assert (r.status_code, r.json()["name"]) == (201, "学员甲")
    eid = r.json()["id"]
    assert [row["id"] for row in s.get(f"{API}/courses/{course.pk}/learners").json()] == [eid]
    r = send(s, "post", f"{API}/courses/{course.pk}/learners/{eid}/withdraw")
    assert (r.status_code, r.json()["state"]) == (200, "withdrawn")
    # a withdrawn learner is no longer in the list, so withdrawing again is not found
    r = send(s, "post", f"{API}/courses/{course.pk}/learners/{eid}/withdraw")
    assert r.status_code == 404


def test_enrol_refusals_write_nothing(api, staff, supervisor, outsider, course, people, tree):
    url = f"{API}/courses/{course.pk}/learners"
    assert send(api(supervisor), "post", url, {"resident": people[0].pk}).status_code == 403
    assert send(api(outsider), "post", url, {"resident": people[0].pk}).status_code == 404
    r = send(api(staff), "post", url, {})
    assert (r.status_code, r.json()["field"]) == (400, "resident")
    r = send(api(staff), "post", url, {"resident": people[0].pk})
    assert r.status_code == 201
    r = send(api(staff), "post", url, {"resident": people[0].pk})
    assert (r.status_code, r.json()["code"]) == (409, "duplicate")
    services.enrol(actor=people[1].user, course=course)
    third = person(tree.household1, "学员丙")
    r = send(api(staff), "post", url, {"resident": third.pk})
    assert (r.status_code, r.json()["code"]) == (409, "full")
    assert Enrolment.objects.filter(course=course).count() == 2
    eid = Enrolment.objects.filter(course=course).first().pk
    r = send(api(supervisor), "post", f"{url}/{eid}/withdraw")
    assert r.status_code == 403
    assert Enrolment.objects.filter(course=course, state="enrolled").count() == 2
