"""The list APIs behind the dashboard's drill-downs take ``area`` like their pages: an
area of the caller's narrows the list, another's (or one that does not exist) is refused
with the same 404 on ``area`` — the API never answers for the caller's whole scope then."""

from __future__ import annotations

import pytest

from shequ.accounts.roles import Role
from shequ.testing import factories as f
from shequ.testing.jsonapi import signed_in

pytestmark = pytest.mark.django_db

LISTS = ["services/requests", "talent/demands", "talent/profiles", "talent/referrals",
         "evaluations/rounds", "evaluations/commitments", "membership/transfers",
         "party-members"]


@pytest.mark.parametrize("path", LISTS)
def test_a_list_api_takes_an_area_of_the_caller_s_and_refuses_another(client, tree, path):
    # given a street administrator and another district
    c = signed_in(client, f.user(Role.STREET_ADMIN, tree.street))
    elsewhere = f.Tree()
    url = f"/api/v1/{path}"
    # then their community is a filter, another district's community and a missing area
    # are the same refusal
    assert c.get(url, {"area": tree.community.pk}).status_code == 200
    for area in (elsewhere.community.pk, 10**9):
        r = c.get(url, {"area": area})
        assert r.status_code == 404, (path, r.content)
        assert r.json()["field"] == "area"
