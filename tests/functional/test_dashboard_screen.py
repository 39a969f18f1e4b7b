"""The 大屏 in headless Chromium at 1920×1080: it draws the grids' map and the ranking from
the JSON, refreshes itself without a reload, and breaks no Content-Security-Policy rule;
the dashboard page on a phone does not scroll sideways and draws its charts."""

from __future__ import annotations

import pytest

from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _square(x):
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


@pytest.fixture
def street():
    tree = factories.Tree()
    for i, grid in enumerate((tree.grid1, tree.grid2)):
        grid.polygon = _square(i)
        grid.save(update_fields=["polygon"])
    factories.resident(tree.household1, name="王芳")
    factories.resident(tree.household2, name="李强")
    factories.user("street_admin", tree.street, username="jiedao")
    return tree


def _until(page, check, seconds=20):
    """Poll from Python (the CSP refuses the string evaluation wait_for_function uses)."""
    for _ in range(seconds * 4):
        if check():
            return
        page.wait_for_timeout(250)
    raise AssertionError("the page did not get there")


def _sign_in(page, base):
    page.goto(base + "/login/")
    page.fill("input[name=username]", "jiedao")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(base + "/")


def test_big_screen_draws_and_refreshes_itself(live_server, street, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url
    _sign_in(page, base)
    page.goto(f"{base}/dashboard/{street.street.pk}/screen/?figure=registry.residents&every=5")
    updated = page.locator("[data-slot=updated]")
    _until(page, lambda: updated.inner_text() != "—")
    first = updated.inner_text()
    assert page.locator(".screen-map canvas").count() == 1
    assert page.locator(".screen-rank canvas").count() == 1
    assert "2" in page.inner_text("[data-slot=headlines]")
    # then, with no interaction, it refreshes in place (the same document, a new time)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    _until(page, lambda: updated.inner_text() != first)
    assert not navigations
    assert page.locator(".screen-card").count() == len(set(
        page.locator(".screen-card strong + span").all_inner_texts()))
    assert not errors
    context.close()


def test_dashboard_on_a_phone(live_server, street, phone):
    base = live_server.url
    _sign_in(phone, base)
    phone.goto(f"{base}/dashboard/")
    assert phone.locator("[data-figure='registry.residents'] .count-n").inner_text() == "2"
    phone.click("[data-figure='registry.residents'] a")
    phone.wait_for_selector("[data-testid=ranking] canvas")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
