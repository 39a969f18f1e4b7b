"""Hand-edited or hostile numbers — an id beyond the database's integers, a year of -301,
a cost of 1e20 — are refused with a 4xx in the one error shape, never a server error; the
HTML pages treat such query parameters as not given."""

import pytest
from django.test import Client

from shequ.testing import factories

from .conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db
HUGE = 10**20


@pytest.fixture
def admin(tree):
    return factories.user("district_admin", tree.district)


@pytest.fixture
def person(tree):
    return factories.resident(tree.household1, name="王五")


@pytest.mark.parametrize(("method", "path", "body"), [
    ("patch", "/api/v1/volunteers/points/rewards/1", {"cost": 1e20}),
    ("patch", "/api/v1/volunteers/points/rewards/1", {"cost": HUGE}),
    ("post", "/api/v1/campaigns/activities/1/attendance", {"attended": [HUGE]}),
    ("post", "/api/v1/courses/courses/1/sessions/1/roll-call", {"present": [HUGE]}),
    ("post", "/api/v1/members/registrations/2/posts", {"posts": [HUGE]}),
])
def test_numbers_beyond_the_database_are_refused_as_bad_input(admin, method, path, body):
    # when
    response = getattr(ApiClient(admin), method)(path, body)
    # then
    assert_error(response, 400)


def test_a_year_out_of_range_is_refused(admin, person):
    # when
    response = ApiClient(admin).get(f"/api/v1/courses/study/{person.pk}", {"year": -301})
    # then
    assert_error(response, 400, field="year")


@pytest.mark.parametrize("path", [
    f"/api/v1/courses/study/{HUGE}", f"/api/v1/residents/{HUGE}",
    f"/api/v1/campaigns/activities/{HUGE}", f"/api/v1/volunteers/points/accounts/{HUGE}",
])
def test_an_id_beyond_the_database_is_not_found(admin, path):
    # when
    response = ApiClient(admin).get(path)
    # then
    assert response.status_code in (400, 404), response.content
    assert set(response.json()) >= {"code", "message", "field"}


@pytest.mark.parametrize("path", ["/supervision/weekly/", "/supervision/weekly.xlsx", "/supervision/scores/",
                                  "/volunteers/points/"])
@pytest.mark.parametrize("community", ["abc", "-1", str(HUGE), "1e3", ""])
def test_pages_treat_a_bad_community_as_not_given(tree, path, community):
    """The page shows its default community rather than failing."""
    # given
    c = Client()
    c.force_login(factories.user("district_admin", tree.district))
    # when
    response = c.get(path, {"community": community, "year": "-301"})
    # then
    assert response.status_code == 200
