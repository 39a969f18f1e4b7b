"""Page-kit pieces added for the modules moved onto it: a form page's hint, a list's own
refusal and count, a button's small form (``act_form``) and the QR code of a link."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shequ.core.tests.kit_urls")]


@pytest.fixture
def staff_client(client, tree):
    from shequ.testing import factories

    client.force_login(factories.user("community_staff", tree.community))
    return client


def test_a_form_page_shows_its_hint(staff_client):
    page = staff_client.get("/note/edit/").content.decode()
    assert '<p class="hint">Titles show on the notice board.</p>' in page


def test_a_list_refuses_through_its_check_and_counts_its_rows(staff_client, client):
    # given: a user the list's check() refuses
    assert staff_client.get("/audit/").status_code == 403
    # when: someone it lets in
    from shequ.accounts.models import User
    from shequ.core.models import AuditEvent

    boss = User.objects.create(username="boss", is_staff=True)
    client.force_login(boss)
    response = client.get("/audit/")
    # then: the rows and their total for the template
    assert response.status_code == 200
    assert response.context["total"] == AuditEvent.objects.count()


def test_a_buttons_invalid_form_is_a_message_and_runs_nothing(staff_client):
    from .kit_urls import SAVED

    SAVED.clear()
    # when: the note is too long, then a custom refusal, then a good one
    refused = staff_client.post("/note/button/", {"title": "x" * 30}, follow=True)
    custom = staff_client.post("/note/button/?refusal=Say+it+shorter.", {"title": ""},
                               follow=True)
    done = staff_client.post("/note/button/", {"title": "ok"})
    # then
    [message] = list(refused.context["messages"])
    assert "20" in str(message) and message.level_tag == "error"
    assert [str(m) for m in custom.context["messages"]] == ["Say it shorter."]
    assert (done.status_code, done.url) == (302, "/done/") and SAVED == ["ok"]


def test_qr_svg_is_inline_markup_of_the_link():
    from shequ.core.kit import qr_svg

    svg = qr_svg("https://example.org/check-in/abc", scale=4)
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert len(qr_svg("https://example.org/check-in/abc")) > 0
