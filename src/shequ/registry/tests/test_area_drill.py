"""The registry's figures drill to their lists filtered to the area: residents, the party
members of an area and its party organisations (organizations' tree), each only within
what the reader may see; an area not theirs lists nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.organizations.figures import FIGURES as ORG_FIGURES
from shequ.registry import services
from shequ.registry.figures import FIGURES
from shequ.territory import services as territory_services
from shequ.testing import factories as f


def _org(kind, name, area, parent=None):
    return org_services.party_org_create(actor=SYSTEM, kind=kind, name=name, area=area,
                                         parent=parent)


@pytest.fixture
def party(tree):
    """A committee and a branch in each of two communities of the street, a member living
    in each (a member counts where they live)."""
    other = f.second_community(tree)
    grid = territory_services.area_create(actor=SYSTEM, kind="grid", name="南一网格",
                                          parent=other)
    far = f.household(grid, territory_services.compound_get_or_create(
        community=other, name="南苑")[0], "1栋", "1单元", "101")
    district = _org("district_committee", "区委", tree.district)
    street = _org("street_working_committee", "街道党工委", tree.street, district)
    out = {}
    for community, tag, household in ((tree.community, "翠屏", tree.household1),
                                      (other, "南苑", far)):
        committee = _org("community_committee", f"{tag}社区党委", community, street)
        branch = _org("branch", f"{tag}党支部", community, committee)
        member = services.party_member_create(
            actor=SYSTEM, resident=f.resident(household, name=f"{tag}党员"), org=branch,
            joined_on=dt.date(2010, 7, 1))
        out[community.pk] = (committee, branch, member)
    out["other"] = other
    return out


def test_the_party_figures_drill_to_the_area_s_members_and_organisations(client, tree, party):
    admin = f.user(Role.STREET_ADMIN, tree.street)
    community = f.figure_place(tree.community)
    committee, branch, member = party[tree.community.pk]
    # then a community's members and organisations are their lists', nobody else's
    assert f.drill_rows(client, FIGURES, "registry.party_members", admin, community) == [
        member]
    assert {o.pk for o in f.drill_rows(client, ORG_FIGURES, "organizations.party_orgs",
                                       admin, community)} == {committee.pk, branch.pk}
    # and the street's are everyone's the figure counts
    street = f.figure_place(tree.street, tree.community)
    total = sum(f.figure_values(FIGURES, "registry.party_members", admin, street).values())
    assert len(f.drill_rows(client, FIGURES, "registry.party_members", admin, street)) == total == 2


def test_a_drill_into_another_community_shows_nothing(client, tree, party):
    # given the other community's staff
    theirs = f.user(Role.COMMUNITY_STAFF, party["other"])
    community = f.figure_place(tree.community)
    # then the first community's members and organisations are not listed to them
    assert f.drill_rows(client, FIGURES, "registry.party_members", theirs, community) == []
    assert f.drill_rows(client, ORG_FIGURES, "organizations.party_orgs", theirs,
                        community) == []
    # nor does the street above theirs widen their list to the street
    street = f.figure_place(tree.street)
    assert f.drill_rows(client, ORG_FIGURES, "organizations.party_orgs", theirs, street) == []
    assert len(f.drill_rows(client, FIGURES, "registry.party_members", theirs,
                            f.figure_place(party["other"]))) == 1


@pytest.mark.parametrize("value", ["other", "x"])
def test_the_resident_list_shows_nobody_for_an_area_not_theirs(client, tree, party, value):
    # given a grid worker of the first grid (two residents live there)
    worker = f.user(Role.GRID_WORKER, tree.grid1)
    client.force_login(worker)
    url = reverse("registry:resident-list")
    assert len(client.get(url).context["rows"]) == 1
    # when they ask for the other community, or for garbage
    area = party["other"].pk if value == "other" else value
    # then nobody is listed, not everyone of theirs
    assert client.get(url, {"area": area}).context["rows"] == []
    assert len(client.get(url, {"area": tree.grid1.pk}).context["rows"]) == 1
