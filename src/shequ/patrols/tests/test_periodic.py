"""``shequ patrols_close_shifts`` runs hourly from cron: the first run closes the shifts
that ended (missed checkpoints, absences, verified hours), a second run changes nothing;
``test_services`` covers what closing a shift with scans pays."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from shequ.core.models import AuditEvent
from shequ.patrols.models import Shift, ShiftState
from shequ.volunteers.models import PointsEntry, ServiceRecord

from .conftest import shift_of

pytestmark = pytest.mark.django_db


def close() -> str:
    out = StringIO()
    call_command("patrols_close_shifts", stdout=out)
    return out.getvalue().strip()


def state():
    return (sorted(Shift.objects.values_list("pk", "state", "missed")),
            ServiceRecord.objects.count(), PointsEntry.objects.count(),
            AuditEvent.objects.count())


def test_closing_twice_changes_nothing_the_second_time(plan, member):
    # given alice's shift ended an hour ago without a scan (with any others already over)
    now = timezone.now()
    shift = shift_of(plan, member)
    Shift.objects.filter(pk=shift.pk).update(starts_at=now - dt.timedelta(hours=5),
                                             ends_at=now - dt.timedelta(hours=1))
    ended = Shift.objects.filter(plan=plan, ends_at__lte=now).count()
    # when cron runs the command twice
    assert close() == f"{ended} shifts closed"
    first = state()
    assert close() == "0 shifts closed"
    # then the second run wrote nothing
    assert state() == first
    shift.refresh_from_db()
    assert shift.state == ShiftState.ABSENT and shift.missed
    assert not ServiceRecord.objects.filter(source=f"patrol:{shift.pk}").exists()
