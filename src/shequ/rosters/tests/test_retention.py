"""The nightly ``shequ retention`` removes export workbooks older than the schedule's one
day, like ``purge-imports``, and audits it."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from shequ.core.models import AuditEvent
from shequ.rosters import services
from shequ.rosters.models import ExportJob, ExportState

from .conftest import row

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_row(tree, book):
    services.import_file(actor=None, path=book([row(1)]), community=tree.community)
    return tree


def test_retention_deletes_expired_export_files(one_row, staff,
                                                django_capture_on_commit_callbacks):
    """A two-day-old workbook goes (dry run first counts it); a fresh one stays."""
    # given
    with django_capture_on_commit_callbacks(execute=True):
        old = services.export_job_create(actor=staff, area=one_row.community)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.export_job_create(actor=staff, area=one_row.grid1)
    old.refresh_from_db()
    new.refresh_from_db()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    dry = io.StringIO()
    call_command("retention", "--dry-run", "--only", "export_files", stdout=dry)
    assert "would delete 1" in dry.getvalue() and Path(old.file_path).exists()
    # when
    call_command("retention", "--only", "export_files", stdout=io.StringIO())
    # then
    assert not Path(old.file_path).exists() and Path(new.file_path).exists()
    old.refresh_from_db()
    assert old.state == ExportState.EXPIRED
    assert AuditEvent.objects.filter(action="retention", entity="export_files").count() == 1
