"""Community staff open the service map: buildings coloured by the chosen category, the
category's points drawn, a point without coordinates named above the map (listed, not
dropped), no tile server asked for, and nothing the page's CSP refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shequ.circle import services
from shequ.core.actors import SYSTEM
from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def circle():
    tree = factories.Tree()
    factories.user("community_staff", tree.community, username="circlestaff")
    for h, lng in ((tree.household1, "107.500000"), (tree.household2, "107.520000")):
        b = h.entrance.building
        b.lat, b.lng = Decimal("31.200000"), Decimal(lng)
        b.save(update_fields=["lat", "lng"])
    services.point_create(actor=SYSTEM, category="clinic", name="翠屏卫生服务站",
                          area=tree.community, lat="31.201", lng="107.5005")
    services.point_create(actor=SYSTEM, category="clinic", name="待定位诊所",
                          area=tree.community)
    services.coverage_compute(actor=SYSTEM, area=tree.district)
    return tree


def test_the_map_draws_its_overlays_offline(live_server, circle, browser):
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "/login/")
    page.fill("input[name=username]", "circlestaff")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(base + "/")
    page.goto(base + "/circle/map/?category=clinic")
    page.wait_for_selector("#circle-map[data-rendered-ms]")
    assert page.get_attribute("#circle-map", "data-buildings-drawn") == "2"
    assert page.get_attribute("#circle-map", "data-points-drawn") == "1"
    assert "待定位诊所" in page.inner_text("#circle-unlocated")
    assert page.locator("#circle-map canvas").count() >= 1
    assert not outside and not problems, (outside, problems)
    page.close()
