"""Course titles, descriptions, session topics and places are refused over their limit
with a clear message on every door — service, page and API — never cut silently."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.errors import DomainError
from shequ.courses import services
from shequ.courses.models import Course, CourseSession


@pytest.fixture
def course(staff, tree):
    return services.course_create(actor=staff, community=tree.community, title="市民夜校",
                                  kind="night_school")


def test_services_refuse_texts_over_their_limit(staff, tree, course):
    start = timezone.now() + dt.timedelta(days=1)
    cases = [
        (services.course_create, {"community": tree.community, "title": "课" * 101,
                                  "kind": "night_school"}, "title"),
        (services.course_update, {"course": course, "title": "市民夜校", "kind": "night_school",
                                  "description": "述" * 4001}, "description"),
        (services.session_add, {"course": course, "title": "题" * 101, "starts_at": start,
                                "ends_at": start + dt.timedelta(hours=1)}, "title"),
        (services.session_add, {"course": course, "title": "第一课", "place": "址" * 201,
                                "starts_at": start, "ends_at": start + dt.timedelta(hours=1)},
         "place"),
    ]
    for fn, kwargs, field in cases:
        with pytest.raises(DomainError) as refused:
            fn(actor=staff, **kwargs)
        assert (refused.value.code, refused.value.field) == ("too_long", field), fn
    course.refresh_from_db()
    assert Course.objects.count() == 1 and course.description == ""
    assert not CourseSession.objects.exists()


def test_the_course_form_states_limits_and_refuses_a_long_title(client, staff, tree):
    client.force_login(staff)
    url = reverse("courses:course-new")
    page = client.get(url).content.decode()
    assert "最多允许 100 个字符" in page and 'maxlength="100"' not in page
    response = client.post(url, {"community": tree.community.pk, "title": "课" * 101,
                                 "kind": "night_school"})
    assert response.status_code == 400 and response.context["form"].errors["title"]
    assert not Course.objects.exists()


def test_a_session_with_a_long_place_is_refused_with_its_label(client, staff, course):
    client.force_login(staff)
    start = timezone.localtime() + dt.timedelta(days=1)
    response = client.post(reverse("courses:session-new", args=[course.pk]), {
        "title": "第一课", "place": "址" * 201,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}, follow=True)
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "地点" in shown and "200" in shown
    assert not CourseSession.objects.exists()


def test_the_api_refuses_a_long_title_with_the_field(client, staff, tree):
    client.force_login(staff)
    response = client.post("/api/v1/courses/courses", json.dumps({
        "community": tree.community.pk, "title": "课" * 101, "kind": "night_school"}),
        content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("too_long", "title")
