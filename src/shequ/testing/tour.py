"""The role tour: sign in as a demo account in Chromium and open every page of its menu,
recording every request the pages make (documents, htmx fragments, assets) with its
status and duration. Used by ``tests/functional/test_role_tour.py`` and
``bench/role_tour.py``, both against a real ``shequ serve``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Hit:
    role: str
    page: str
    method: str
    url: str
    status: int
    ms: float


def tour(browser, base_url: str, username: str, password: str, *,
         timeout_ms: int = 10_000) -> tuple[list[str], list[Hit]]:
    """The menu pages of ``username`` and every request made while opening them."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    hits: list[Hit] = []
    current = {"page": "/login/"}

    def finished(request):
        response = request.response()
        timing = request.timing
        hits.append(Hit(username, current["page"], request.method,
                        request.url.removeprefix(base_url),
                        response.status if response else 0,
                        round(max(timing.get("responseEnd", 0), 0), 1)))

    page.on("requestfinished", finished)
    page.on("requestfailed", lambda request: hits.append(
        Hit(username, current["page"], request.method, request.url.removeprefix(base_url),
            0, -1)))
    try:
        page.goto(base_url + "/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit].btn-primary")
        page.wait_for_url(lambda url: "/login/" not in url)
        links = page.eval_on_selector_all(
            "nav.mainnav a[href]", "els => els.map(e => e.getAttribute('href'))")
        pages = list(dict.fromkeys(["/", *[x for x in links if x.startswith("/")]]))
        for path in pages:
            current["page"] = path
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return pages, hits
