"""The notices commands cron runs — ``publish`` and ``deliver`` every 5 minutes, ``digest
--cadence daily`` each morning and ``--cadence weekly`` on Mondays: the first run does
what is due, a second run changes nothing (no second receipt, message or digest)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from shequ.notices import channels, services
from shequ.notices.models import Cadence, Notice, NoticeReceipt, Notification, Urgency

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("notices", *args, stdout=out)
    return out.getvalue().strip()


def state():
    return (sorted(Notice.objects.values_list("pk", "state")), NoticeReceipt.objects.count(),
            sorted(Notification.objects.values_list("pk", "delivered_at")),
            len(channels.outbox))


def test_publish_twice_publishes_once(tree, staff, grid_worker):
    later = timezone.now() + dt.timedelta(hours=2)
    notice = services.notice_create(actor=staff, area=tree.community, title="停水通知",
                                    body="明日停水。", publish_at=later)
    assert run("publish") == "published 0 notice(s)"
    Notice.objects.filter(pk=notice.pk).update(publish_at=timezone.now()
                                               - dt.timedelta(seconds=1))
    assert run("publish") == "published 1 notice(s)"
    first = state()
    assert first[1] > 0
    assert run("publish") == "published 0 notice(s)"
    assert state() == first


def test_deliver_twice_sends_once(tree, grid_worker):
    # notify's own on-commit delivery is not run here, so the row waits for the command
    services.notify(recipients=[grid_worker], kind="case_assigned", title="新案件",
                    urgency=Urgency.ACTION)
    assert run("deliver") == "delivered 1 notification(s)"
    first = state()
    assert run("deliver") == "delivered 0 notification(s)"
    assert state() == first and [m.title for m in channels.outbox] == ["新案件"]


@pytest.mark.parametrize("cadence", [Cadence.DAILY, Cadence.WEEKLY])
def test_digest_twice_sends_once(tree, grid_worker, cadence):
    services.preference_set(actor=grid_worker, channel="console", cadence=cadence)
    for title in ("通知一", "通知二"):
        services.notify(recipients=[grid_worker], kind="notice", title=title)
    assert run("digest", "--cadence", cadence) == f"sent 1 {cadence} digest(s)"
    first = state()
    assert run("digest", "--cadence", cadence) == f"sent 0 {cadence} digest(s)"
    assert state() == first and len(channels.outbox) == 1
