"""Notices: the audience, scheduled publication, expiry, attachments, read receipts and
reminders, and the refusals every door shares (the service)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError
from shequ.core.models import AuditEvent
from shequ.notices import channels, selectors, services
from shequ.notices.models import Notice, NoticeReceipt, NoticeState, Notification
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def _send(actor, area, **kw):
    kw.setdefault("title", "防汛通知")
    kw.setdefault("body", "请各网格做好防汛准备。")
    return services.notice_create(actor=actor, area=area, **kw)


def test_a_notice_reaches_everybody_with_a_role_in_the_subtree(tree, staff, grid_worker,
                                                               other_grid_worker):
    # given: a party member of grid 1 and a street administrator above the community
    member = factories.user("party_member", tree.grid1)
    factories.user("street_admin", tree.street)
    # when: the community's staff address grid 1
    notice = _send(staff, tree.grid1)
    # then: grid 1's worker and member receive it, nobody else (the sender neither)
    got = set(NoticeReceipt.objects.filter(notice=notice).values_list("user_id", flat=True))
    assert got == {grid_worker.pk, member.pk}
    assert notice.state == NoticeState.PUBLISHED and notice.recipient_count == 2
    assert Notification.objects.filter(kind="notice", user=member).count() == 1


def test_roles_narrow_the_audience(tree, staff, grid_worker):
    member = factories.user("party_member", tree.grid1)
    notice = _send(staff, tree.community, roles=["party_member"])
    assert list(NoticeReceipt.objects.filter(notice=notice).values_list("user_id", flat=True)) \
        == [member.pk]


def test_publishing_writes_one_audit_row_however_many_recipients(tree, staff):
    for _i in range(5):
        factories.user("party_member", tree.grid1)
    before = AuditEvent.objects.filter(action="notice_publish").count()
    _send(staff, tree.community)
    assert AuditEvent.objects.filter(action="notice_publish").count() == before + 1


def test_a_notice_outside_the_senders_scope_is_refused(tree, grid_worker):
    # given: staff of another community
    other = factories.Tree()
    outsider = factories.user("community_staff", other.community)
    # when / then
    with pytest.raises(DomainError) as exc:
        _send(outsider, tree.community)
    assert exc.value.code == "out_of_scope" and exc.value.field == "area"
    assert not Notice.objects.exists()


def test_a_role_that_may_not_send_is_refused(tree):
    supervisor = factories.user("supervisor", tree.community)
    with pytest.raises(DomainError) as exc:
        _send(supervisor, tree.community)
    assert exc.value.code == "out_of_scope"


def test_an_unknown_role_or_bad_expiry_is_refused(tree, staff):
    with pytest.raises(DomainError) as exc:
        _send(staff, tree.community, roles=["mayor"])
    assert exc.value.field == "roles"
    with pytest.raises(DomainError) as exc:
        _send(staff, tree.community, expires_at=timezone.now() - dt.timedelta(hours=1))
    assert exc.value.code == "bad_dates" and exc.value.field == "expires_at"
    assert not Notice.objects.exists()


@pytest.mark.parametrize(("name", "ctype", "size", "code"), [
    ("evil.exe", "application/octet-stream", 10, "file_type"),
    ("report.pdf.exe", "application/pdf", 10, "file_type"),
    ("photo.png", "application/pdf", 10, "file_type"),
    ("big.pdf", "application/pdf", 11 * 1024 * 1024, "too_large"),
])
def test_attachments_of_another_type_or_too_large_are_refused(tree, staff, name, ctype, size,
                                                              code):
    f = SimpleUploadedFile(name, b"x" * size, content_type=ctype)
    with pytest.raises(DomainError) as exc:
        _send(staff, tree.community, files=[f])
    assert exc.value.code == code and exc.value.field == "files"
    assert not Notice.objects.exists()


def test_an_attachment_is_kept_with_its_name(tree, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    f = SimpleUploadedFile("通知.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    notice = _send(staff, tree.community, files=[f])
    [att] = notice.attachments.all()
    assert att.original_name == "通知.pdf" and att.size == 13
    assert att.file.read() == b"%PDF-1.4 test"


def test_a_scheduled_notice_waits_until_its_time(tree, staff, grid_worker):
    later = timezone.now() + dt.timedelta(hours=2)
    notice = _send(staff, tree.community, publish_at=later)
    assert notice.state == NoticeState.SCHEDULED
    assert not selectors.my_notice_list(actor=grid_worker).exists()
    # when: the worker looks before and after the time
    assert services.publish_due() == 0
    assert services.publish_due(now=later + dt.timedelta(seconds=1)) == 1
    # then
    assert [r.notice_id for r in selectors.my_notice_list(actor=grid_worker)] == [notice.pk]


def test_an_expired_notice_leaves_the_list_and_cannot_be_reminded(tree, staff, grid_worker):
    notice = _send(staff, tree.community, expires_at=timezone.now() + dt.timedelta(hours=1))
    Notice.objects.filter(pk=notice.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    notice.refresh_from_db()
    assert not selectors.my_notice_list(actor=grid_worker).exists()
    with pytest.raises(Conflict) as exc:
        services.notice_remind(actor=staff, notice=notice)
    assert exc.value.code == "notice_expired"


def test_read_receipts_and_a_reminder_to_those_who_have_not_read(
        tree, staff, grid_worker, other_grid_worker, django_capture_on_commit_callbacks):
    notice = _send(staff, tree.community)
    # when: one of two reads it
    services.notice_read(actor=grid_worker, notice=notice)
    # then: the counts and the not-read list say so
    row = selectors.sent_notice_list(actor=staff).get(pk=notice.pk)
    assert (row.recipient_count, row.read_count) == (2, 1)
    assert [r.user_id for r in selectors.unread_receipts(actor=staff, notice=notice)] \
        == [other_grid_worker.pk]
    # and reading marked the reader's notification read
    assert not Notification.objects.filter(user=grid_worker, read_at__isnull=True).exists()
    # when: the sender reminds
    channels.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notice_remind(actor=staff, notice=notice) == 1
    # then: only the one who has not read it is told, at once
    assert [m.user_id for m in channels.outbox] == [other_grid_worker.pk]
    assert NoticeReceipt.objects.get(notice=notice, user=other_grid_worker).reminded_at


def test_a_withdrawn_notice_is_no_longer_seen_by_recipients(tree, staff, grid_worker):
    notice = _send(staff, tree.community)
    services.notice_withdraw(actor=staff, notice=notice)
    assert not selectors.my_notice_list(actor=grid_worker).exists()


def test_recipients_and_strangers_reach_a_notice_only_when_it_is_theirs(tree, staff,
                                                                        grid_worker):
    from shequ.core.errors import NotFound

    notice = _send(staff, tree.grid2)
    with pytest.raises(NotFound):
        selectors.notice_get_for_actor(grid_worker, notice.pk)
    mine = _send(staff, tree.grid1)
    assert selectors.notice_get_for_actor(grid_worker, mine.pk) == mine


def test_the_system_may_send_anywhere(tree, grid_worker):
    notice = _send(SYSTEM, tree.district)
    assert notice.recipient_count == 1
