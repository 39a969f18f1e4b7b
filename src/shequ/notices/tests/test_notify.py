"""The notification centre's service: one row per recipient, preferences, immediate
delivery for what needs action and daily/weekly digests for the rest, the channels."""

import pytest

from shequ.core import sms
from shequ.core.errors import DomainError
from shequ.notices import channels, delivery, services
from shequ.notices.models import Cadence, Notification, Urgency
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_one_row_per_recipient_duplicates_once(tree, grid_worker, other_grid_worker):
    n = services.notify(recipients=[grid_worker, grid_worker.pk, other_grid_worker],
                        kind="case_assigned", title="新案件", link="/cases/1/")
    assert n == 2
    assert Notification.objects.filter(kind="case_assigned").count() == 2


def test_what_needs_action_goes_at_once_whatever_the_preference(
        tree, grid_worker, django_capture_on_commit_callbacks):
    services.preference_set(actor=grid_worker, channel="console", cadence=Cadence.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[grid_worker], kind="case_assigned", title="新案件",
                        urgency=Urgency.ACTION)
    assert [m.title for m in channels.outbox] == ["新案件"]
    # and the weekly digest does not send it again
    channels.outbox.clear()
    assert delivery.send_digest(cadence=Cadence.WEEKLY) == 0


def test_the_rest_waits_for_the_daily_digest_one_message_per_user(tree, grid_worker,
                                                                  other_grid_worker):
    for title in ("通知一", "通知二"):
        services.notify(recipients=[grid_worker, other_grid_worker], kind="notice",
                        title=title)
    assert delivery.deliver_immediate() == 0
    assert channels.outbox == []
    # when: the daily digest runs
    assert delivery.send_digest(cadence=Cadence.DAILY) == 2
    # then: one message each, listing both titles; nothing left waiting
    mine = [m for m in channels.outbox if m.user_id == grid_worker.pk]
    assert len(mine) == 1 and "通知一" in mine[0].body and "通知二" in mine[0].body
    assert "2" in mine[0].title
    assert delivery.send_digest(cadence=Cadence.DAILY) == 0
    # the centre still holds them, unread
    assert Notification.objects.filter(user=grid_worker, read_at__isnull=True).count() == 2


def test_weekly_readers_are_left_out_of_the_daily_digest(tree, grid_worker, other_grid_worker):
    services.preference_set(actor=other_grid_worker, channel="console", cadence=Cadence.WEEKLY)
    services.notify(recipients=[grid_worker, other_grid_worker], kind="notice", title="周报")
    delivery.send_digest(cadence=Cadence.DAILY)
    assert [m.user_id for m in channels.outbox] == [grid_worker.pk]
    channels.outbox.clear()
    delivery.send_digest(cadence=Cadence.WEEKLY)
    assert [m.user_id for m in channels.outbox] == [other_grid_worker.pk]


def test_a_kind_preference_beats_the_all_kinds_one(tree, grid_worker,
                                                  django_capture_on_commit_callbacks):
    services.preference_set(actor=grid_worker, channel="console", cadence=Cadence.WEEKLY)
    services.preference_set(actor=grid_worker, kind="notice", channel="console",
                            cadence=Cadence.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[grid_worker], kind="notice", title="即时")
        services.notify(recipients=[grid_worker], kind="other", title="每周")
    assert [m.title for m in channels.outbox] == ["即时"]


def test_the_centre_only_sends_nothing_out(tree, grid_worker):
    services.preference_set(actor=grid_worker, channel="", cadence=Cadence.IMMEDIATE)
    services.notify(recipients=[grid_worker], kind="notice", title="站内")
    assert delivery.deliver_immediate() == 0 and delivery.send_digest(cadence="daily") == 0
    assert channels.outbox == []
    assert Notification.objects.get(user=grid_worker).read_at is None


def test_an_unknown_channel_or_cadence_is_refused(tree, grid_worker):
    with pytest.raises(DomainError) as exc:
        services.preference_set(actor=grid_worker, channel="pigeon", cadence="daily")
    assert exc.value.code == "unknown_channel"
    with pytest.raises(DomainError) as exc:
        services.preference_set(actor=grid_worker, channel="console", cadence="hourly")
    assert exc.value.field == "cadence"


def test_mark_read_touches_only_the_readers_own_rows(tree, grid_worker, other_grid_worker):
    services.notify(recipients=[grid_worker, other_grid_worker], kind="notice", title="t")
    theirs = Notification.objects.get(user=other_grid_worker)
    assert services.notification_mark_read(actor=grid_worker, ids=[theirs.pk]) == 0
    assert services.notification_mark_read(actor=grid_worker) == 1
    assert Notification.objects.get(user=other_grid_worker).read_at is None


def test_sms_goes_to_the_accounts_phone_and_the_console_masks_it(tree, settings, capsys):
    from shequ.accounts.models import User
    from shequ.core.phones import phone_columns

    user = factories.user("grid_worker", tree.grid1)
    cols = phone_columns("13812346871")
    User.objects.filter(pk=user.pk).update(phone_enc=cols.enc, phone_hash=cols.hash,
                                           phone_masked=cols.masked)
    services.preference_set(actor=user, channel="sms", cadence=Cadence.IMMEDIATE)
    sms.outbox.clear()
    services.notify(recipients=[user], kind="notice", title="短信")
    delivery.deliver_immediate()
    assert [(m.phone, "短信" in m.body) for m in sms.outbox] == [("13812346871", True)]
    # the console channel prints the number masked, never in clear
    channels.ConsoleChannel().send_many([channels.Outgoing(1, "u", "t", "b", "", "13812346871")])
    out = capsys.readouterr().out
    assert "138****6871" in out and "13812346871" not in out


def test_wechat_template_messages_go_through_the_configured_transport(tree, settings,
                                                                     grid_worker):
    settings.NOTICES_WECHAT = {
        "template_id": "TPL1", "transport": "shequ.notices.channels.LocmemWeChatTransport",
        "openid_lookup": "shequ.notices.tests.test_notify.openids"}
    services.preference_set(actor=grid_worker, channel="wechat", cadence=Cadence.IMMEDIATE)
    services.notify(recipients=[grid_worker], kind="notice", title="微信", link="/notices/1/")
    delivery.deliver_immediate()
    [payload] = channels.wechat_outbox
    assert payload["touser"] == f"openid-{grid_worker.pk}" and payload["template_id"] == "TPL1"
    assert payload["url"] == "/notices/1/"


def test_wechat_without_settings_sends_nothing(tree, grid_worker):
    services.preference_set(actor=grid_worker, channel="wechat", cadence=Cadence.IMMEDIATE)
    services.notify(recipients=[grid_worker], kind="notice", title="微信")
    assert delivery.deliver_immediate() == 1
    assert channels.wechat_outbox == []


def openids(user_ids):
    return {uid: f"openid-{uid}" for uid in user_ids}


def test_the_digest_command_sends_the_waiting_rows(tree, grid_worker):
    from io import StringIO

    from django.core.management import call_command

    services.notify(recipients=[grid_worker], kind="notice", title="命令")
    out = StringIO()
    call_command("notices", "digest", "--cadence", "daily", stdout=out)
    assert "sent 1 daily" in out.getvalue()
    assert [m.user_id for m in channels.outbox] == [grid_worker.pk]


def test_a_large_audience_honours_preferences_too(tree, grid_worker, other_grid_worker,
                                                 monkeypatch):
    from shequ.notices.services import notifications

    # given: a list long enough to read the preferences whole (lowered for the test)
    monkeypatch.setattr(notifications, "_SMALL", 0)
    services.preference_set(actor=grid_worker, channel="", cadence=Cadence.WEEKLY)
    # when
    services.notify(recipients=[grid_worker, other_grid_worker], kind="notice", title="多")
    # then: the one who chose the centre only is not queued for a channel
    rows = dict(Notification.objects.values_list("user_id", "channel"))
    assert rows == {grid_worker.pk: "", other_grid_worker.pk: "console"}


def test_the_send_command_refuses_an_area_outside_the_accounts_scope(tree, staff):
    from io import StringIO

    from django.core.management import CommandError, call_command

    other = factories.Tree()
    with pytest.raises(CommandError) as exc:
        call_command("notices", "send", "--as", staff.username, "--area", str(other.community.pk),
                     "--title", "越界", "--body", "x")
    assert str(exc.value).startswith("area:")
    out = StringIO()
    call_command("notices", "send", "--as", staff.username, "--area", str(tree.community.pk),
                 "--title", "命令行通知", "--body", "x", stdout=out)
    assert "sent to" in out.getvalue()
