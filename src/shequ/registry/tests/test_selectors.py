"""Search and scoped listing."""

import pytest

from shequ.accounts.roles import Role
from shequ.core.errors import NotFound
from shequ.registry.selectors import (
    ResidentFilters,
    resident_get_for_actor,
    resident_list,
    scope_counts,
)
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    return {
        "zhang": factories.resident(tree.household1, name="张三", phone="13800001234",
                                    id_number="51170319440904468X"),
        "zhang_trad": factories.resident(tree.household1, name="張三豐", relation="child"),
        "li": factories.resident(tree.household1, name="李四", relation="spouse"),
        "other_grid": factories.resident(tree.household2, name="张珊"),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ("张三", {"zhang", "zhang_trad"}),
    ("張三", {"zhang", "zhang_trad"}),
    ("zhangsan", {"zhang", "zhang_trad"}),
    ("ZhangSan", {"zhang", "zhang_trad"}),
    ("zs", {"zhang", "zhang_trad", "other_grid"}),
    ("zsf", {"zhang_trad"}),
    ("1234", {"zhang"}),
    ("468x", {"zhang"}),
    ("13800001234", {"zhang"}),
    ("51170319440904468x", {"zhang"}),
    ("王", set()),
    ("%", set()),
])
def test_search_by_name_pinyin_initials_traditional_and_tails(staff, people, query, expected):
    got = set(resident_list(actor=staff, filters=ResidentFilters(q=query)))
    assert got == {people[k] for k in expected}


def test_grid_worker_search_never_crosses_the_grid(grid_worker, people):
    got = set(resident_list(actor=grid_worker, filters=ResidentFilters(q="zs")))
    assert people["other_grid"] not in got
    assert got == {people["zhang"], people["zhang_trad"]}


def test_detail_outside_scope_is_the_same_not_found_as_missing(grid_worker, people):
    with pytest.raises(NotFound) as a:
        resident_get_for_actor(grid_worker, people["other_grid"].pk)
    with pytest.raises(NotFound) as b:
        resident_get_for_actor(grid_worker, 999999)
    assert a.value.as_dict() == b.value.as_dict()


def test_anonymous_and_auditor_see_nobody(tree, people):
    from django.contrib.auth.models import AnonymousUser

    assert not resident_list(actor=AnonymousUser()).exists()
    assert not resident_list(actor=factories.user(Role.AUDITOR, tree.district)).exists()


def test_counts_follow_the_scope(tree, grid_worker, staff, people):
    assert scope_counts(grid_worker) == {"residents": 3, "households": 1, "party_members": 0, "grids": 1}
    assert scope_counts(staff) == {"residents": 4, "households": 2, "party_members": 0, "grids": 2}


def test_filters_combine(staff, people):
    got = resident_list(actor=staff, filters=ResidentFilters(q="zs", gender="M"))
    assert all(r.gender == "M" for r in got)


def test_list_query_count_does_not_grow_with_rows(tree, staff, django_assert_max_num_queries):
    for i in range(30):
        factories.resident(tree.household1, name=f"王{i}", relation="child")
    with django_assert_max_num_queries(2):
        rows = list(resident_list(actor=staff))
        _ = [r.household.address for r in rows]
    assert len(rows) == 30
