"""The pages: my notices, a notice read (receipt marked, badge gone), the sent list with
counts, the not-read list and its download, the new-notice form's refusals, the centre."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.notices import services
from shequ.notices.models import Notice, NoticeReceipt
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def _send(actor, area, title="停水通知"):
    return services.notice_create(actor=actor, area=area, title=title, body="周三停水。")


def test_reading_a_notice_marks_the_receipt_and_clears_the_badge(client, tree, staff,
                                                                 grid_worker):
    notice = _send(staff, tree.community)
    client.force_login(grid_worker)
    home = client.get("/notices/").content.decode()
    assert 'data-testid="unread-badge">1<' in home and "停水通知" in home
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "周三停水" in page and 'data-testid="unread-badge"' not in page
    assert NoticeReceipt.objects.get(notice=notice, user=grid_worker).read_at is not None


def test_staff_see_receipt_counts_and_who_has_not_read(staff_client, tree, staff, grid_worker,
                                                       other_grid_worker, client):
    notice = _send(staff, tree.community)
    services.notice_read(actor=grid_worker, notice=notice)
    page = staff_client.get("/notices/sent/").content.decode()
    assert "停水通知" in page
    detail = staff_client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-testid="read-count">1<' in detail
    assert 'data-testid="recipient-count">2<' in detail
    unread = staff_client.get(f"/notices/{notice.pk}/unread/").content.decode()
    assert f'data-receipt="{NoticeReceipt.objects.get(user=other_grid_worker).pk}"' in unread
    assert f'data-receipt="{NoticeReceipt.objects.get(user=grid_worker).pk}"' not in unread
    download = staff_client.get(f"/notices/{notice.pk}/unread/?format=csv")
    assert download.status_code == 200
    body = b"".join(download.streaming_content) if download.streaming else download.content
    accounts = [line.split(",")[1] for line in body.decode("utf-8-sig").splitlines()[1:]]
    assert accounts == [other_grid_worker.username]


def test_a_stranger_gets_404_for_a_notice_and_its_unread_list(client, tree, staff):
    notice = _send(staff, tree.community)
    other = factories.Tree()
    client.force_login(factories.user("community_staff", other.community))
    assert client.get(f"/notices/{notice.pk}/").status_code == 404
    assert client.get(f"/notices/{notice.pk}/unread/").status_code == 404


def test_the_form_refuses_an_attachment_type_next_to_the_field(staff_client, tree):
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = staff_client.post("/notices/new/", {
        "area": tree.community.pk, "title": "带附件", "body": "正文", "files": [bad]})
    assert response.status_code == 400
    assert "PDF" in response.content.decode() and not Notice.objects.exists()


def test_the_form_sends_a_notice_with_an_attachment(staff_client, tree, grid_worker, settings,
                                                    tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = staff_client.post("/notices/new/", {
        "area": tree.grid1.pk, "title": "带附件", "body": "正文", "files": [pdf]})
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.recipient_count == 1
    assert notice.attachments.count() == 1


def test_mark_all_read_in_the_centre(client, tree, grid_worker):
    services.notify(recipients=[grid_worker], kind="notice", title="甲")
    services.notify(recipients=[grid_worker], kind="notice", title="乙")
    client.force_login(grid_worker)
    assert "甲" in client.get("/notices/notifications/").content.decode()
    client.post("/notices/notifications/read-all/")
    page = client.get("/notices/notifications/").content.decode()
    assert 'data-testid="unread-badge"' not in page


def test_preferences_page_saves_the_choice(client, tree, grid_worker):
    client.force_login(grid_worker)
    assert client.get("/notices/notifications/preferences/").status_code == 200
    r = client.post("/notices/notifications/preferences/",
                    {"kind": "*", "channel": "", "cadence": "weekly"})
    assert r.status_code == 302
    assert grid_worker.notification_preferences.get().cadence == "weekly"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_rows(client, tree, staff, grid_worker):
    from django.test import Client

    _send(staff, tree.community, "一")
    client.force_login(grid_worker)
    staff_client = Client()
    staff_client.force_login(staff)
    mine, sent = _count(client, "/notices/"), _count(staff_client, "/notices/sent/")
    centre = _count(client, "/notices/notifications/")
    for i in range(5):
        _send(staff, tree.community, f"多{i}")
    assert _count(client, "/notices/") == mine
    assert _count(staff_client, "/notices/sent/") == sent
    assert _count(client, "/notices/notifications/") == centre
