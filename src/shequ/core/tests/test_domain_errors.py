"""DomainErrorMiddleware: a refusal a view lets through answers from its status — the
site's 404/403 pages, the refusal page with the message for the rest, the API's JSON shape
under /api/ — so views never map errors by hand."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shequ.core.tests.kit_urls")]


@pytest.mark.parametrize(("path", "status", "text"), [
    ("not-found", 404, "未找到"), ("forbidden", 403, "无权访问"),
    ("conflict", 409, "Already booked."), ("invalid", 400, "Bad date."),
])
def test_a_page_answers_with_the_refusals_status_and_page(client, path, status, text):
    # when
    response = client.get(f"/page/{path}/")
    # then
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert text in response.content.decode()


def test_the_refusal_page_names_the_code(client):
    page = client.get("/page/conflict/").content.decode()
    assert 'data-code="duplicate"' in page and "无法办理" in page


@pytest.mark.parametrize(("path", "status", "code", "field"), [
    ("not-found", 404, "not_found", None), ("forbidden", 403, "forbidden", None),
    ("conflict", 409, "duplicate", None), ("invalid", 400, "invalid", "day"),
])
def test_under_the_api_the_shape_is_json(client, path, status, code, field):
    response = client.get(f"/api/v1/{path}/")
    assert response.status_code == status
    body = response.json()
    assert (body["code"], body["field"]) == (code, field) and body["message"]


# -- the form page's confirmation step and field errors (core.kit.FormPage) -------------------
@pytest.fixture
def staff_client(client, tree):
    from shequ.testing import factories

    client.force_login(factories.user("community_staff", tree.community))
    return client


def test_a_destructive_save_asks_first_then_saves(staff_client):
    from .kit_urls import SAVED

    SAVED.clear()
    # when: the first POST
    asked = staff_client.post("/note/delete/", {"title": "old"})
    # then: a confirmation page carrying the input, nothing saved
    page = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="confirm"' in page
    assert 'name="title" value="old"' in page and not SAVED
    # when: confirmed
    done = staff_client.post("/note/delete/", {"title": "old", "confirmed": "1"})
    # then
    assert (done.status_code, done.url) == (302, "/done/") and SAVED == [{"title": "old"}]


def test_a_refusal_is_shown_on_its_field_and_missing_is_a_404(staff_client):
    response = staff_client.post("/note/delete/", {"title": "taken", "confirmed": "1"})
    assert response.status_code == 400
    assert "That title is taken." in response.content.decode()
    assert staff_client.post("/note/delete/",
                             {"title": "gone", "confirmed": "1"}).status_code == 404


def test_invalid_input_never_reaches_the_confirmation(staff_client):
    response = staff_client.post("/note/delete/", {"title": "x" * 30})
    assert response.status_code == 400 and 'data-testid="confirm"' not in response.content.decode()


def test_download_cells_are_plain_values():
    """A moment goes into a spreadsheet as Shanghai wall time (Excel has no time zones);
    yes/no as words, decimals as numbers, lazy text as text."""
    import datetime as dt
    from decimal import Decimal

    from django.utils.translation import gettext_lazy

    from shequ.core.kit import _plain

    moment = dt.datetime(2026, 3, 1, 2, 30, tzinfo=dt.UTC)
    assert _plain(moment) == dt.datetime(2026, 3, 1, 10, 30)
    assert (_plain(True), _plain(False)) == ("是", "")
    assert _plain(Decimal("1.5")) == 1.5 and _plain(gettext_lazy("Title")) == "标题"
