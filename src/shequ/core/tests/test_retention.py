"""``shequ retention`` applies the retention schedule: with --dry-run it only counts; for
real it deletes, archives or anonymises what expired, audits each category that changed,
and names the categories nobody enforces."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from shequ.core import audit, auditchain
from shequ.core.models import AuditEvent


def _retention(*args):
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def _session(expired: bool):
    s = SessionStore()
    s["x"] = 1
    s.set_expiry(-60 if expired else 3600)
    s.create()
    return s.session_key


def _old_audit_rows(n, days_ago):
    at = timezone.now() - dt.timedelta(days=days_ago)
    with mock.patch("shequ.core.audit.timezone.now", return_value=at):
        for i in range(n):
            audit.record(actor=None, action="update", entity="x", entity_id=i)


@pytest.mark.django_db
def test_dry_run_counts_and_changes_nothing(tmp_path):
    """A dry run reports what each category would remove and leaves every row in place."""
    # given
    _session(expired=True)
    _old_audit_rows(3, days_ago=200)
    # when
    with override_settings(AUDIT_ARCHIVE_DIR=tmp_path):
        out = _retention("--dry-run")
    # then
    assert "sessions: kept 0 days, would delete 1" in out
    assert "audit: kept 180 days, would archive 3" in out
    assert Session.objects.count() == 1 and AuditEvent.objects.count() == 3
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_expired_data_goes_and_each_category_is_audited(tmp_path):
    """Expired sessions are deleted, audit rows past 180 days move to an archive file that
    verifies, younger data stays, and each category that changed writes an audit row."""
    # given
    live = _session(expired=False)
    _session(expired=True)
    _old_audit_rows(3, days_ago=200)
    _old_audit_rows(2, days_ago=10)
    # when
    with override_settings(AUDIT_ARCHIVE_DIR=tmp_path):
        out = _retention()
    # then
    assert "did delete 1" in out and "did archive 3" in out
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    [archive] = list(tmp_path.iterdir())
    assert auditchain.verify_archive(archive) is None and auditchain.verify_table() is None
    logged = set(AuditEvent.objects.filter(action="retention").values_list("entity", flat=True))
    assert logged == {"sessions", "audit"}
    assert AuditEvent.objects.filter(action="update").count() == 2


@pytest.mark.django_db
def test_a_scheduled_category_nobody_enforces_is_named():
    """A category in the schedule without an enforcing app is reported, and --strict fails."""
    with override_settings(RETENTION_DAYS={"sessions": 0, "pets": 30}):
        assert "pets: kept 30 days, NOT ENFORCED" in _retention("--dry-run")
        with pytest.raises(CommandError, match="pets"):
            _retention("--dry-run", "--strict")


@pytest.mark.django_db
def test_only_refuses_an_unknown_category():
    with pytest.raises(CommandError, match="nonsense"):
        _retention("--only", "nonsense")
