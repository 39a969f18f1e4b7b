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


def test_poll_renders_while_running_then_asks_htmx_to_reload(rf):
    from shequ.core.kit import poll

    request = rf.get("/job/progress/")
    running = poll(request, running=True, template="core/kit/pager.html",
                   context={"next_query": "cursor=x"})
    done = poll(request, running=False, template="core/kit/pager.html", context={})
    assert running.status_code == 200 and b'href="?cursor=x"' in running.content
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_attachment_downloads_a_file_and_is_a_404_once_gone(tmp_path):
    from shequ.core.errors import NotFound
    from shequ.core.kit import attachment

    path = tmp_path / "errors.xlsx"
    path.write_bytes(b"PK")
    response = attachment(str(path), "errors-roster.xlsx")
    assert b"".join(response.streaming_content) == b"PK"
    assert 'filename="errors-roster.xlsx"' in response["Content-Disposition"]
    for gone in ("", str(tmp_path / "missing.xlsx")):
        with pytest.raises(NotFound):
            attachment(gone, "x.xlsx")


def test_table_rows_pair_each_row_with_its_cells():
    from types import SimpleNamespace

    from shequ.core.kit import Column, table_rows

    row = SimpleNamespace(pk=1, name="第一网格")
    columns = [Column("Name", "name", link=lambda r: f"/areas/{r.pk}/"), Column("Id", "pk")]
    assert table_rows(columns, [row]) == [
        (row, [(columns[0], "第一网格", "/areas/1/"), (columns[1], 1, "")])]
