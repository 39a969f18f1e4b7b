"""The navigation bar: entries the user may open, arranged into the shell's groups."""

import pytest

from shequ.core import menus
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def _bar(user):
    return menus.nav_for(menus.items_for(user))


def _shape(bar):
    return [(e["group"], [c["key"] for c in e["children"]]) if "children" in e else e["key"]
            for e in bar]


def test_a_grid_workers_bar_groups_their_pages(tree):
    # given
    worker = factories.user("grid_worker", tree.grid1)
    # when
    bar = _shape(_bar(worker))
    # then: home alone first, then groups in the shell's order, each with its own pages
    assert bar[0] == "home"
    groups = [e[0] for e in bar if isinstance(e, tuple)]
    assert groups == sorted(groups, key=lambda g: menus.GROUPS[g][1])
    people = dict(e for e in bar if isinstance(e, tuple))["people"]
    assert people[:2] == ["territory", "residents"]
    assert "audit" not in str(bar) and "accounts" not in str(bar)


def test_a_group_of_one_is_a_plain_link(tree):
    # given: the auditor opens only the audit log among the administration pages
    auditor = factories.user("auditor", tree.district)
    # when
    bar = _bar(auditor)
    # then
    audit = next(e for e in bar if e.get("key") == "audit")
    assert audit["url"] == "/audit/"
    assert not any("children" in e and e["group"] == "admin" for e in bar)


def test_every_registered_entry_names_a_known_group():
    with pytest.raises(ValueError, match="unknown group"):
        menus.register(menus.MenuItem(key="x", label="x", url_name="web:home", action=None,
                                      group="nowhere"))
    assert all(not i.group or i.group in menus.GROUPS for i in menus._items.values())


def test_one_url_is_listed_once(tree):
    # given a resident who is also community staff: the staff and self-service activity
    # entries lead to the same page
    staff = factories.user("community_staff", tree.community)
    items = menus.items_for(staff)
    urls = [i["url"] for i in items]
    assert len(urls) == len(set(urls))
