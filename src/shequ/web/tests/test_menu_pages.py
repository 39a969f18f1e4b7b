"""Every menu entry opens for the role it is shown to (issue 8): the bar shows a page by
the same check the page makes, so no entry leads to a refusal or a 404."""

import pytest

from shequ.accounts.roles import Role
from shequ.core import menus

from .demo_users import role_users

pytestmark = pytest.mark.django_db


def test_every_menu_entry_opens_for_every_role(client, tree):
    """For each role of DESIGN §2, each entry of its bar answers 200 (after a redirect
    to the user's own area, where the entry makes one)."""
    # given
    users = role_users(tree)
    failures = []
    for role in Role.values:
        user = users[role]
        client.force_login(user)
        # when
        for item in menus.items_for(user):
            status = client.get(item["url"], follow=True).status_code
            # then
            if status != 200:
                failures.append(f"{role}: {item['key']} {item['url']} → {status}")
        client.logout()
    assert failures == [], "\n".join(failures)


def test_a_grid_worker_sees_no_supervision_entry(tree):
    """The weekly summary is a community's page: a grid worker (scoped to a grid) is not
    offered it."""
    # given
    worker = role_users(tree)[Role.GRID_WORKER]
    # when
    keys = [i["key"] for i in menus.items_for(worker)]
    # then
    assert "supervision" not in keys
    assert "my-cases" in keys
