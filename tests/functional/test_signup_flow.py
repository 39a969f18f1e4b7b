"""A resident signs themselves up on a 390×844 phone: from the sign-in page's link, name +
ID number + phone, the code from the text message, their own username and password — and
they land signed in, as a resident, with nothing wider than the screen."""

from __future__ import annotations

import re

import pytest

from shequ.core import sms
from shequ.registry.models import Resident
from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "Hua-Shan-Road-2026!"


@pytest.fixture
def resident():
    tree = factories.Tree()
    id_number = factories.make_id_number()
    r = factories.resident(tree.household1, name="王芳", id_number=id_number,
                           phone="13912345678", gender_hint="F")
    return r, id_number


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_resident_signs_up_on_a_phone(live_server, resident, phone):
    r, id_number = resident
    sms.outbox.clear()
    page = phone
    base = live_server.url
    page.goto(base + "/login/")
    page.click("[data-testid=signup-link]")
    page.wait_for_url(base + "/signup/")
    assert _fits(page)
    # a wrong phone: the one generic refusal, no message sent
    page.fill("input[name=name]", "王芳")
    page.fill("input[name=id_number]", id_number)
    page.fill("input[name=phone]", "13900000000")
    page.click("button[type=submit].btn-primary")
    assert "我们无法核实" in page.locator(".form-errors").inner_text()
    assert not sms.outbox
    # the right details
    page.fill("input[name=phone]", "139 1234 5678")
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(base + "/signup/verify/")
    assert "139****5678" in page.locator("[data-testid=sent-to]").inner_text()
    assert _fits(page)
    [message] = sms.outbox
    code = re.search(r"\d{6}", message.body).group(0)
    page.fill("input[name=code]", code)
    page.fill("input[name=username]", "wangfang")
    page.fill("input[name=new_password]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(base + "/")
    assert page.locator("[data-testid=display-name]").inner_text() == "王芳"
    assert "居民" in page.locator(".who-scope").inner_text()
    assert _fits(page)
    assert Resident.objects.get(pk=r.pk).user.username == "wangfang"
