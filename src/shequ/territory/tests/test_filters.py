"""The area filter shared by the modules' lists: it narrows to an area the user holds the
list's action over, and an area outside that (or garbage) narrows to nothing — never to
the user's whole scope, never telling whether the area exists."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.accounts.roles import Role
from shequ.territory.filters import (
    AreaFilterField,
    area_choices_for_filter,
    areas_for_filter,
    in_area,
)
from shequ.territory.models import Household
from shequ.testing import factories as f

VIEW = "view_people"


class _Form(forms.Form):
    area = AreaFilterField()


def _households(user, area_id):
    qs = Household.objects.for_actor(user, VIEW)
    return set(in_area(qs, actor=user, action=VIEW, area_id=area_id))


def test_the_choices_are_the_areas_the_user_holds_the_action_over(tree):
    worker = f.user(Role.GRID_WORKER, tree.grid1)
    assert list(areas_for_filter(worker, VIEW)) == [tree.grid1]
    staff = f.user(Role.COMMUNITY_STAFF, tree.community)
    assert [pk for pk, _label in area_choices_for_filter(staff, VIEW)] == [
        tree.community.pk, tree.grid1.pk, tree.grid2.pk]
    assert area_choices_for_filter(staff, VIEW)[1][1].endswith("第一网格")


def test_an_area_narrows_the_rows_to_it(tree):
    staff = f.user(Role.COMMUNITY_STAFF, tree.community)
    assert _households(staff, None) == {tree.household1, tree.household2}
    assert _households(staff, tree.grid1.pk) == {tree.household1}
    assert _households(staff, tree.community.pk) == {tree.household1, tree.household2}


@pytest.mark.parametrize("target", ["grid2", "street", "district", "missing"])
def test_an_area_out_of_scope_yields_nothing(tree, target):
    # given a grid worker of the first grid
    worker = f.user(Role.GRID_WORKER, tree.grid1)
    area_id = 10**9 if target == "missing" else getattr(tree, target).pk
    # then another grid, an area above theirs or no area at all shows nothing (the street
    # above would hold their own household: it does not widen to it either)
    assert _households(worker, area_id) == set()


@pytest.mark.parametrize("raw", ["abc", "-3", "1.5", "9" * 30])
def test_a_garbled_area_cleans_to_no_area_rather_than_dropping_the_filter(tree, raw):
    form = _Form({"area": raw})
    assert form.is_valid()
    staff = f.user(Role.COMMUNITY_STAFF, tree.community)
    assert _households(staff, form.cleaned_data["area"]) == set()
    blank = _Form({"area": ""})
    assert blank.is_valid() and blank.cleaned_data["area"] is None


def test_the_filter_costs_one_query_whatever_the_rows(tree):
    staff = f.user(Role.COMMUNITY_STAFF, tree.community)
    staff.scope_for(VIEW)  # the grants, read once per request

    def count():
        with CaptureQueriesContext(connection) as ctx:
            _households(staff, tree.grid1.pk)
        return len(ctx)

    small = count()
    for room in ("303", "304", "305"):
        f.household(tree.grid1, tree.compound, "7栋", "2单元", room)
    assert count() == small == 2  # the area's path, then the rows
