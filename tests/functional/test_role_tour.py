"""Every demo role, in Chromium against the real ``shequ serve`` on the small demo, opens
every page of its menu: each page and each request it makes is answered, and none is
refused. (The slowest requests are measured by ``bench/role_tour.py``; here the bound is
only Playwright's 10 s timeout, far below the 30 s stall of a held connection.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shequ.testing.server import Server, env_for, shequ
from shequ.testing.tour import tour

from .conftest import ARGS, CHROMIUM, home_with_migrated_database

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("served")]

ROLES = ["district_admin", "street_admin", "community_staff", "supervisor", "grid_worker",
         "unit_liaison", "party_member", "resident", "sysadmin", "secadmin", "auditor"]
PASSWORD = "Shequ@2026demo"  # noqa: S105 - the demo accounts' published password


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, migrated_sqlite):
    home = home_with_migrated_database(tmp_path_factory, migrated_sqlite, "tour")
    env = env_for(home)
    shequ(env, "demo", "--scale", "small", "--with-cases")
    with Server(env) as server:
        yield server


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install the Debian chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_page_of_the_role_opens(demo_server, chromium, role):
    # when the role opens every page of its menu
    pages, hits = tour(chromium, demo_server.url, role, PASSWORD)
    # then it has pages, and every request was answered and none refused
    assert len(pages) > 1
    bad = [f"{h.page}: {h.url} → {h.status}" for h in hits if not 200 <= h.status < 400]
    assert not bad, "\n".join(bad)
