"""Cursor pagination: every row exactly once, in a stable order, at a constant query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.core.keyset import keyset_page
from shequ.registry.models import Resident
from shequ.testing import factories

from .conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(tree):
    """23 residents over both grids, registered in an interleaved order."""
    out = []
    for i in range(23):
        household = tree.household1 if i % 3 else tree.household2
        out.append(factories.resident(household, f"居民{i}", relation="other"))
    return out


def in_list_order(rows):
    """The residents list order: territory path, then registration."""
    return [r.pk for r in sorted(rows, key=lambda r: (r.path, r.pk))]


def _walk(api, params):
    seen, pages, cursor = [], 0, None
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        body = api.get("/api/v1/residents", query).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages
        assert pages < 100, "the cursor does not advance"


def test_walk_visits_every_row_once_in_order(staff, many):
    # given
    api = ApiClient(staff)
    # when
    seen, pages = _walk(api, {"limit": 5})
    # then
    assert seen == in_list_order(many)
    assert pages == 5


def test_walk_with_a_filter_stays_inside_it(grid_worker, many):
    seen, _pages = _walk(ApiClient(grid_worker), {"limit": 4, "q": "jumin"})
    assert seen == in_list_order(r for r in many if r.household_id == many[1].household_id)


def test_rows_added_behind_the_cursor_do_not_shift_pages(staff, many, tree):
    # given: page 1 holds all 15 of household 1 (it sorts first) and 5 of household 2
    api = ApiClient(staff)
    assert tree.household1.path < tree.household2.path
    first = api.get("/api/v1/residents", {"limit": 20}).json()
    # when: someone registers in household 1, i.e. before the cursor
    factories.resident(tree.household1, "新来", relation="other")
    second = api.get("/api/v1/residents", {"limit": 20, "cursor": first["next_cursor"]}).json()
    # then: page 2 neither repeats nor skips a row
    assert [i["id"] for i in second["items"]] == in_list_order(many)[20:]


def test_count_only_when_asked(staff, many):
    api = ApiClient(staff)
    assert api.get("/api/v1/residents", {"limit": 5}).json().get("count") is None
    assert api.get("/api/v1/residents", {"limit": 5, "with_count": "true"}).json()["count"] == 23


def test_a_tampered_cursor_is_400(staff, many):
    api = ApiClient(staff)
    cursor = api.get("/api/v1/residents", {"limit": 5}).json()["next_cursor"]
    assert_error(api.get("/api/v1/residents", {"cursor": cursor[:-3] + "!!!"}), 400,
                 "invalid_cursor", "cursor")


def _queries(api, limit):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/residents", {"limit": limit, "q": "jumin"})
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def test_query_count_does_not_grow_with_the_page(staff, many, django_assert_max_num_queries):
    api = ApiClient(staff)
    api.get("/api/v1/me")  # token's last-used stamp is written once, not per request
    small, n_small = _queries(api, 2)
    large, n_large = _queries(api, 50)
    assert (n_small, n_large) == (2, 23)
    assert small == large
    with django_assert_max_num_queries(4):  # token, grants, page (+ savepoint-free)
        api.get("/api/v1/residents", {"limit": 200})


def test_other_lists_page_the_same_way(staff, tree):
    api = ApiClient(staff)
    body = api.get("/api/v1/areas", {"limit": 1}).json()
    ids = [body["items"][0]["id"]]
    while body["next_cursor"]:
        body = api.get("/api/v1/areas", {"limit": 1, "cursor": body["next_cursor"]}).json()
        ids += [a["id"] for a in body["items"]]
    assert ids == [tree.community.pk, tree.grid1.pk, tree.grid2.pk]


def test_keyset_follows_a_multi_column_order(staff, many):
    """Selectors may order by (path, id); the cursor then carries both and still visits
    every row once in that order."""
    qs = Resident.objects.order_by("path", "id")
    seen, cursor = [], None
    while True:
        rows, cursor = keyset_page(qs, limit=4, cursor=cursor)
        seen += [(r.path, r.pk) for r in rows]
        if cursor is None:
            break
    assert seen == sorted((r.path, r.pk) for r in many)
