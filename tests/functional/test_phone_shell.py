"""The shell on a 390×844 phone (issue 8): the menu takes one row and its drop-downs stay on
screen; forms say 请选择… instead of Django's dashes, mark required fields, end labels
without a colon and preselect the only choice."""

from __future__ import annotations

import pytest

from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def staff_login():
    tree = factories.Tree()
    factories.user("community_staff", tree.community, username="shequstaff")
    return tree


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(base + "/")


def _open_menu(page) -> None:
    """Tap the menu button where there is one (phones)."""
    toggle = page.locator(".navtoggle")
    if toggle.count() and toggle.is_visible():
        toggle.click()


def test_the_menu_is_one_row_and_its_drop_downs_stay_on_screen(live_server, staff_login,
                                                                 phone):
    """Community staff hold many menu groups: on a phone the bar is still one row, and the
    案件 drop-down opens inside the 390 px viewport."""
    # given
    page = phone
    _sign_in(page, live_server.url, "shequstaff")
    # when
    bar = page.locator(".mainnav").bounding_box()
    _open_menu(page)
    page.click(".mainnav summary >> text=案件")
    menu = page.locator(".mainnav details[open] > ul").bounding_box()
    # then
    assert bar["height"] <= 56
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_form_on_a_phone_reads_as_chinese_and_marks_required(live_server, staff_login, phone):
    """The roster import form: no ``---------``, no label ending in a colon, the required
    file and community marked, and the one community already chosen."""
    # given
    page = phone
    _sign_in(page, live_server.url, "shequstaff")
    # when
    page.goto(live_server.url + "/rosters/")
    options = page.locator("form select option").all_inner_texts()
    labels = [t.strip() for t in page.locator("form label").all_inner_texts()]
    community = page.locator("select[name=community]")
    marker = page.evaluate(
        """() => {
          const s = document.querySelector('select[name=community]');
          const label = document.querySelector('label[for="' + s.id + '"]');
          const after = getComputedStyle(label, '::after').content;
          return label.textContent + ' ' + after;
        }""")
    # then
    assert options and not any("---" in o for o in options)
    assert not any(label.endswith((":", "：")) for label in labels)
    assert "*" in marker
    assert community.input_value() == str(staff_login.community.pk)


def test_the_audit_log_fits_a_phone_with_the_ip_whole(live_server, phone):
    """On a phone each audit row is a card: the page does not scroll sideways, and the IP
    address is on screen in full."""
    # given
    from shequ.core import audit

    tree = factories.Tree()
    factories.user("auditor", tree.district, username="shenji")
    audit.set_request_ip("2408:8456:3c10:9a2e:1d4f:77ab:e0c3:5b91")
    try:
        audit.record(actor=None, action="update", entity="resident", entity_id=1,
                     before={"is_active": True}, after={"is_active": False})
    finally:
        audit.set_request_ip(None)
    page = phone
    _sign_in(page, live_server.url, "shenji")
    # when
    page.goto(live_server.url + "/audit/")
    ip = page.locator("td.ip", has_text="2408:").first
    box = ip.bounding_box()
    # then
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert ip.evaluate("el => el.scrollWidth <= el.clientWidth")
