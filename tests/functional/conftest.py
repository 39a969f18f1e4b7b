"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's
live_server. Without /usr/bin/chromium they are skipped locally and fail in CI."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from shequ.testing.server import env_for, shequ

CHROMIUM = Path(os.environ.get("SHEQU_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-dev-shm-usage"]

@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    from shequ.web.tests.conftest import compile_catalogs

    compile_catalogs()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """An SQLite file with every migration applied, made once per worker: migrating takes
    about 20 s of CPU, and each module that runs a real ``shequ serve`` starts from an
    empty migrated database (the modules share the xdist group ``served``)."""
    home = tmp_path_factory.mktemp("migrated")
    shequ(env_for(home), "migrate", "--noinput", "-v", "0")
    return home / "shequ.sqlite3"


def home_with_migrated_database(tmp_path_factory, migrated: Path, name: str) -> Path:
    """A fresh ``SHEQU_HOME`` whose database (``env_for``'s default file) is a copy of the
    migrated one."""
    home = tmp_path_factory.mktemp(name)
    src, dst = sqlite3.connect(migrated), sqlite3.connect(home / "shequ.sqlite3")
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return home


@pytest.fixture
def browser(live_server):
    """Chromium for one test. It starts after the test database is set up and stops before
    it is flushed: while Playwright is open its event loop runs in this thread, and Django
    then sees a different connection context (a flush there would not know about
    serialized rollback, and other modules' own ``sync_playwright()`` would trip on it)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install the Debian chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # The test's own ORM calls while the browser is open are plain synchronous code, so let
    # Django allow them until the browser closes — then restore the guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            yield browser
            browser.close()
            # Connections the test opened in Playwright's context are not the test
            # thread's usual ones: close them here, or PostgreSQL keeps a session on the
            # test database and refuses to drop it at the end of the run.
            from django.db import connections

            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(browser):
    """A page the size of a common phone (390×844)."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
