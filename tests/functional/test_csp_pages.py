"""The main pages of several roles, in Chromium, under the Content-Security-Policy: not one
violation (an inline script or style, a style attribute, a foreign resource) is reported,
and the home page's chart is still drawn."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = {
    "district_admin": ["/", "/residents/", "/cases/", "/supervision/weekly/", "/supervision/scores/",
                       "/cases/warnings/", "/volunteers/", "/volunteers/teams/",
                       "/volunteers/points/", "/volunteers/points/rewards/", "/campaigns/",
                       "/campaigns/selections/", "/courses/", "/courses/study/overview/",
                       "/members/", "/members/registrations/", "/members/posts/",
                       "/organizations/",
                       "/accounts/me/", "/rosters/", "/dashboard/"],
    "community_staff": ["/", "/residents/", "/cases/", "/cases/new/", "/volunteers/records/",
                        "/campaigns/", "/courses/"],
    "grid_worker": ["/", "/residents/", "/cases/mine/", "/dashboard/"],
    "resident": ["/", "/cases/report/", "/volunteers/points/me/", "/courses/study/"],
    "auditor": ["/", "/audit/"],
    "secadmin": ["/", "/accounts/lockouts/"],
    "sysadmin": ["/", "/accounts/users/"],
}
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def demo_users(django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", "--scale", "tiny", "--seed", "7", "--with-cases",
                     stdout=io.StringIO())


def _signed_in(browser, live_server, username):
    from shequ.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    context.add_init_script(WATCH)
    return context


def _visit(browser, live_server, role) -> list[str]:
    """Open the role's pages; the violations reported and the CSP errors logged."""
    context = _signed_in(browser, live_server, role)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    violations: list[str] = []
    for path in PAGES[role]:
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.headers.get("content-security-policy"), f"{role} {path}"
        page.wait_for_timeout(150)  # reports are dispatched asynchronously
        violations += [f"{role} {path}: {v}" for v in page.evaluate("window.__csp")]
        if path == "/" and role == "district_admin":
            page.wait_for_selector("[data-chart] canvas")
    context.close()
    csp_errors = [f"{role} {e}" for e in errors if "Content Security Policy" in e or "Refused" in e]
    return violations + csp_errors


def test_main_pages_break_no_rule_of_the_policy(live_server, browser, demo_users):
    """Every role in turn, each in its own browser context, on one demo and one Chromium
    (one test per role loaded the demo and started Chromium seven times); a failure names
    the role and the page."""
    # when each role opens its main pages
    found = [line for role in PAGES for line in _visit(browser, live_server, role)]
    # then not one violation was reported nor refused in the console
    assert not found, "\n".join(found)
