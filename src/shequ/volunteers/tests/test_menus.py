"""The navigation of the four participation apps: each role sees the entries its actions
allow, every entry opens for that role, and the staff pages below them are linked from
the page the entry opens."""

import pytest
from django.urls import reverse

from shequ.core import menus
from shequ.testing import factories

from .conftest import person

STAFF_KEYS = {"volunteers", "needs", "service-projects", "teams", "verify", "points",
              "rewards", "dual-report", "activities-45", "selections-45", "courses"}
OWN_KEYS = {"me-volunteer", "me-points", "activities-92", "selections-92", "courses-me",
            "study-me"}


def keys(user) -> set[str]:
    return {i["key"] for i in menus.items_for(user)}


@pytest.mark.django_db
def test_community_staff_see_the_staff_pages_but_not_the_district_settings(tree):
    user = factories.user("community_staff", tree.community)
    assert STAFF_KEYS <= keys(user)
    assert "volunteering-settings" not in keys(user) and not OWN_KEYS & keys(user)


@pytest.mark.django_db
def test_district_admin_also_sees_the_settings(tree):
    assert "volunteering-settings" in keys(factories.user("district_admin", tree.district))


@pytest.mark.django_db
def test_grid_workers_see_volunteers_and_needs_but_not_the_bank(tree):
    got = keys(factories.user("grid_worker", tree.grid1))
    assert {"volunteers", "needs", "teams", "service-projects"} <= got
    assert not {"points", "rewards", "verify", "dual-report"} & got


@pytest.mark.django_db
def test_residents_see_their_own_pages_only(tree):
    got = keys(person(tree.household1, "居民").user)
    assert {"me-volunteer", "me-points", "activities-92", "courses-me"} <= got
    assert not STAFF_KEYS & got


@pytest.mark.parametrize("role", ["district_admin", "community_staff", "grid_worker",
                                  "supervisor"])
def test_every_entry_opens_for_the_role(client, tree, role):
    area = {"district_admin": tree.district, "grid_worker": tree.grid1}.get(role,
                                                                            tree.community)
    user = factories.user(role, area)
    client.force_login(user)
    for item in menus.items_for(user):
        if item["key"] in STAFF_KEYS | {"volunteering-settings"}:
            assert client.get(item["url"]).status_code == 200, item["key"]


def test_sub_pages_are_linked_from_their_menu_page(client, staff):
    client.force_login(staff)
    links = {
        "volunteers:volunteer-list": ["volunteers:volunteer-new", "volunteers:team-list"],
        "volunteers:team-list": ["volunteers:team-new"],
        "volunteers:project-list": ["volunteers:project-new"],
        "volunteers:reward-list": ["volunteers:reward-new", "volunteers:redemption-list"],
        "members:overview": ["members:registration-list", "members:post-list",
                             "members:post-new"],
        "campaigns:activity-list": ["campaigns:activity-new"],
        "courses:course-list": ["courses:course-new", "courses:study-overview"],
    }
    for page, targets in links.items():
        html = client.get(reverse(page)).content.decode()
        for target in targets:
            assert f'href="{reverse(target)}"' in html, (page, target)


def test_an_open_need_reads_as_recruiting_not_as_an_unresolved_warning():
    from django.utils import translation

    from shequ.ledgers.models.alerts import WarningState
    from shequ.volunteers.models import NeedState

    with translation.override("zh-hans"):
        assert str(NeedState.OPEN.label) == "招募中"
        assert str(WarningState.OPEN.label) != "招募中"
