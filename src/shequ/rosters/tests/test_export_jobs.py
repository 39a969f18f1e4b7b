"""Exports from the web and the API run as background jobs: queued, counted as they go,
downloaded by their creator only while their scope still covers the area, audited, and
deleted on expiry. The tests run the immediate task backend."""

import datetime as dt
import io
import os
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shequ.accounts.models import User
from shequ.accounts.services import grant_add, grant_remove
from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.core.scoping import Scope
from shequ.rosters import exporting, services
from shequ.rosters.models import ExportJob, ExportState
from shequ.testing import factories

from .conftest import SAMPLE, person, row


@pytest.fixture
def one_row(tree, book):
    services.import_file(actor=SYSTEM, path=book([row(1)]), community=tree.community)
    return tree


@pytest.fixture
def imported(tree):
    services.import_file(actor=SYSTEM, path=SAMPLE, community=tree.community,
                         build_structure=True, confirm_structure=True)
    return tree


def _rows(response) -> list[tuple]:
    data = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(
        values_only=True))


def _export(client, area, capture, **data):
    with capture(execute=True):
        return client.post(reverse("rosters:export"), {"scope": area.pk, **data})


def _no_reveal(monkeypatch, username):
    """``username`` keeps the export scope but loses the reveal scope."""
    real = User.scope_for

    def scope_for(self, action):
        if self.username == username and action == "reveal_pii":
            return Scope()
        return real(self, action)

    monkeypatch.setattr(User, "scope_for", scope_for)


# --- web -----------------------------------------------------------------------------

def test_web_export_runs_as_a_job_and_is_downloaded(one_row, staff, client,
                                                    django_capture_on_commit_callbacks):
    # given community staff on the roster page
    client.force_login(staff)
    # when they start an export
    r = _export(client, one_row.community, django_capture_on_commit_callbacks)
    # then they land on the job's page, which has run to done
    job = ExportJob.objects.get()
    assert r.status_code == 302 and r.url == reverse("rosters:export-job", args=[job.pk])
    assert job.state == ExportState.DONE and job.rows_done == job.rows_total == 1
    assert job.created_by == staff and not job.reveal and job.finished_at
    assert oct(os.stat(job.file_path).st_mode & 0o777) == "0o600"
    assert Path(job.file_path).parent.name == "imports"
    page = client.get(r.url).content.decode()
    assert reverse("rosters:export-job-file", args=[job.pk]) in page
    assert 'id="expiry"' in page and " 24 " in page
    assert 'hx-trigger' not in page
    # when downloading: the workbook is masked, and the download is audited
    d = client.get(reverse("rosters:export-job-file", args=[job.pk]))
    assert d.status_code == 200
    assert d["Content-Disposition"].startswith("attachment")
    rows = _rows(d)
    assert rows[1][4] == person(1)[:3] + "*" * 14 + person(1)[-1:]
    download = AuditEvent.objects.get(action="download")
    assert download.actor == staff and download.entity_id == str(job.pk)
    assert download.after == {"rows": 1, "scope": one_row.community.code, "revealed": False}
    assert AuditEvent.objects.filter(action="export").count() == 1
    # and the roster page lists the export
    assert reverse("rosters:export-job", args=[job.pk]) in client.get(
        reverse("rosters:index")).content.decode()


def test_progress_is_recorded_as_rows_are_written(imported, staff, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    # given progress every 10 rows, and a spy reading back what the job page would see
    monkeypatch.setattr(exporting, "PROGRESS_EVERY", 10)
    seen = []
    real = services.export_job_progress

    def spy(job_id, done, total):
        real(job_id, done, total)
        j = ExportJob.objects.get(pk=job_id)
        seen.append((j.state, j.rows_done, j.rows_total))

    monkeypatch.setattr(services, "export_job_progress", spy)
    # when exporting the 42 residents of the sample
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_job_create(actor=staff, area=imported.community)
    # then the job counted up while running, and ends done with the full count
    assert seen == [("running", n, 42) for n in (0, 10, 20, 30, 40, 42)]
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.rows_total) == ("done", 42, 42)


def test_job_page_polls_while_running_and_reloads_when_done(one_row, staff, client,
                                                            django_capture_on_commit_callbacks):
    client.force_login(staff)
    # given an export that has not run yet (its task still queued)
    client.post(reverse("rosters:export"), {"scope": one_row.community.pk})
    job = ExportJob.objects.get()
    assert job.state == ExportState.QUEUED
    # then its page polls the progress fragment and offers no download
    page = client.get(reverse("rosters:export-job", args=[job.pk])).content.decode()
    progress_url = reverse("rosters:export-job-progress", args=[job.pk])
    assert f'hx-get="{progress_url}"' in page
    assert reverse("rosters:export-job-file", args=[job.pk]) not in page
    # and a half-way export shows its numbers
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING, rows_done=2000,
                                               rows_total=5000)
    r = client.get(progress_url)
    assert r.status_code == 200 and b"2000 / 5000" in r.content
    assert b'hx-trigger="every 1s"' in r.content
    # and a finished one tells htmx to reload the page
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.DONE)
    r = client.get(progress_url)
    assert r.status_code == 204 and r["HX-Refresh"] == "true"


def test_the_file_of_an_unfinished_export_is_not_ready(one_row, staff, client):
    client.force_login(staff)
    client.post(reverse("rosters:export"), {"scope": one_row.community.pk})
    job = ExportJob.objects.get()
    r = client.get(reverse("rosters:export-job-file", args=[job.pk]))
    assert r.status_code == 302 and r.url == reverse("rosters:export-job", args=[job.pk])
    assert not AuditEvent.objects.filter(action="download").exists()


def test_a_double_submit_makes_one_export(one_row, staff, client):
    client.force_login(staff)
    for _ in range(2):
        client.post(reverse("rosters:export"), {"scope": one_row.community.pk})
    assert ExportJob.objects.count() == 1


def test_another_user_cannot_see_or_download_the_export(one_row, staff, client,
                                                      django_capture_on_commit_callbacks):
    # given a finished export of one staff member
    client.force_login(staff)
    _export(client, one_row.community, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    # when a colleague with the same scope tries its page, progress and file
    client.force_login(factories.user("community_staff", one_row.community))
    for name in ("rosters:export-job", "rosters:export-job-progress", "rosters:export-job-file"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    # then nothing was handed over, and an unknown job answers the same
    assert client.get(reverse("rosters:export-job", args=[uuid.uuid4()])).status_code == 404
    assert not AuditEvent.objects.filter(action="download").exists()


def test_a_user_whose_grant_no_longer_covers_the_area_cannot_download(
        one_row, staff, client, django_capture_on_commit_callbacks):
    # given a finished export
    client.force_login(staff)
    _export(client, one_row.community, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    # when the creator's grant over the community is withdrawn, leaving a grid only
    grant_add(actor=SYSTEM, user=staff, role="grid_worker", area=one_row.grid1)
    grant_remove(actor=SYSTEM, grant=staff.grants.get(role="community_staff"))
    # then the file is refused as if it did not exist
    r = client.get(reverse("rosters:export-job-file", args=[job.pk]))
    assert r.status_code == 404
    assert not AuditEvent.objects.filter(action="download").exists()


def test_the_creator_losing_the_reveal_scope_cannot_download_a_revealed_export(
        one_row, staff, client, monkeypatch, django_capture_on_commit_callbacks):
    client.force_login(staff)
    _export(client, one_row.community, django_capture_on_commit_callbacks, reveal="on",
            reason="census")
    job = ExportJob.objects.get()
    _no_reveal(monkeypatch, staff.username)
    r = client.get(reverse("rosters:export-job-file", args=[job.pk]))
    assert r.status_code == 302
    assert not AuditEvent.objects.filter(action="download").exists()


def test_reveal_needs_a_reason(one_row, staff, client, django_capture_on_commit_callbacks):
    client.force_login(staff)
    r = _export(client, one_row.community, django_capture_on_commit_callbacks, reveal="on")
    assert r.status_code == 400 and "reason" in r.context["export_form"].errors
    assert not ExportJob.objects.exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_reveal_needs_the_permission(one_row, staff, client, monkeypatch,
                                     django_capture_on_commit_callbacks):
    _no_reveal(monkeypatch, staff.username)
    client.force_login(staff)
    r = _export(client, one_row.community, django_capture_on_commit_callbacks, reveal="on",
                reason="census")
    assert r.status_code == 400 and "reveal" in r.context["export_form"].errors
    assert not ExportJob.objects.exists()


def test_a_revealed_export_is_in_clear_and_audited(one_row, staff, client,
                                                   django_capture_on_commit_callbacks):
    client.force_login(staff)
    _export(client, one_row.community, django_capture_on_commit_callbacks, reveal="on",
            reason="district census 2026")
    job = ExportJob.objects.get()
    assert job.state == ExportState.DONE and job.reveal
    rows = _rows(client.get(reverse("rosters:export-job-file", args=[job.pk])))
    assert rows[1][4] == person(1)
    export = AuditEvent.objects.get(action="export")
    assert export.actor == staff and export.reason == "district census 2026"
    assert export.after == {"rows": 1, "scope": one_row.community.code, "revealed": True}
    download = AuditEvent.objects.get(action="download")
    assert download.reason == "district census 2026" and download.after["revealed"] is True
    assert person(1) not in str(export.after) + str(download.after) + download.summary


def test_an_export_that_fails_says_so(one_row, staff, client, monkeypatch,
                                      django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "export_residents", broken)
    client.force_login(staff)
    _export(client, one_row.community, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.state == ExportState.FAILED and job.message and job.file_path == ""
    page = client.get(reverse("rosters:export-job", args=[job.pk])).content.decode()
    assert job.message in page and "disk full" not in page


def test_a_job_whose_creator_is_gone_never_runs_as_the_system(one_row, staff):
    job = services.export_job_create(actor=staff, area=one_row.community)
    ExportJob.objects.filter(pk=job.pk).update(created_by=None)
    services.export_job_run(job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and job.file_path == ""


# --- expiry --------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["purge-imports"], ["retention", "--only", "export_files"]])
def test_purge_deletes_expired_export_files(one_row, staff, client, command,
                                            django_capture_on_commit_callbacks):
    """The daily purge and the nightly retention run both remove a two-day-old workbook."""
    # given two finished exports, one of them two days old
    with django_capture_on_commit_callbacks(execute=True):
        old = services.export_job_create(actor=staff, area=one_row.community)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.export_job_create(actor=staff, area=one_row.grid1)
    old.refresh_from_db()
    new.refresh_from_db()
    old_file, new_file = Path(old.file_path), Path(new.file_path)
    assert old_file.exists() and new_file.exists()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    # when
    call_command(*command, stdout=io.StringIO())
    # then the old workbook is gone and its job says so; the recent one is kept
    old.refresh_from_db()
    assert not old_file.exists() and old.state == ExportState.EXPIRED and old.file_path == ""
    assert new_file.exists()
    # and its page and file say it expired
    client.force_login(staff)
    assert reverse("rosters:export-job-file", args=[old.pk]) not in client.get(
        reverse("rosters:export-job", args=[old.pk])).content.decode()
    r = client.get(reverse("rosters:export-job-file", args=[old.pk]))
    assert r.status_code == 302
    assert not AuditEvent.objects.filter(action="download").exists()


def test_an_expired_file_is_refused_before_the_purge_has_run(one_row, staff, api,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_job_create(actor=staff, area=one_row.community)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    r = api.get(f"/api/v1/rosters/exports/{job.pk}/file")
    assert r.status_code == 410 and r.json()["code"] == "expired"


# --- API -----------------------------------------------------------------------------

def test_api_export_job(one_row, api, staff, django_capture_on_commit_callbacks):
    # when creating the job
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post("/api/v1/rosters/exports", {"scope": one_row.community.code},
                     content_type="application/json")
    # then 202 with the job and where to follow it
    assert r.status_code == 202, r.content
    body = r.json()
    job_id = body["id"]
    status_url = f"/api/v1/rosters/exports/{job_id}"
    assert body["status_url"] == status_url and r["Location"] == status_url
    assert body["scope"] == one_row.community.code and body["reveal"] is False
    # and the status says it is done, with the counts and the file's address
    status = api.get(status_url).json()
    assert status["state"] == "done" and status["progress"] == {"done": 1, "total": 1}
    assert status["file_url"] == f"{status_url}/file"
    assert status["expires_at"] > status["finished_at"]
    # and the file is the masked workbook, its download audited
    f = api.get(status["file_url"])
    assert f.status_code == 200
    assert _rows(f)[1][4] == person(1)[:3] + "*" * 14 + person(1)[-1:]
    assert AuditEvent.objects.get(action="download").actor == staff


def test_api_export_not_ready(one_row, api):
    r = api.post("/api/v1/rosters/exports", {"scope": one_row.community.code},
                 content_type="application/json")
    assert r.status_code == 202 and r.json()["state"] == "queued"
    assert r.json()["file_url"] is None
    f = api.get(f"{r.json()['status_url']}/file")
    assert f.status_code == 409 and f.json() == {
        "code": "not_ready", "message": f.json()["message"], "field": "state"}


def test_api_reveal_is_refused_without_reason_or_permission(one_row, api, staff, monkeypatch):
    r = api.post("/api/v1/rosters/exports", {"scope": one_row.community.code, "reveal": True},
                 content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "reason"
    assert set(r.json()) == {"code", "message", "field"}
    _no_reveal(monkeypatch, staff.username)
    r = api.post("/api/v1/rosters/exports", {"scope": one_row.community.code, "reveal": True,
                                             "reason": "census"},
                 content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert r.json()["field"] == "reveal"
    assert not ExportJob.objects.exists()


def test_api_revealed_export_is_in_clear_and_audited(one_row, api,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post("/api/v1/rosters/exports", {"scope": one_row.community.code,
                                                 "reveal": True, "reason": "api test"},
                     content_type="application/json")
    assert r.status_code == 202
    f = api.get(api.get(r.json()["status_url"]).json()["file_url"])
    assert _rows(f)[1][4] == person(1)
    assert AuditEvent.objects.get(action="export").reason == "api test"
    assert AuditEvent.objects.get(action="download").reason == "api test"


def test_api_refusals_use_the_error_shape(one_row, api, client, staff,
                                          django_capture_on_commit_callbacks):
    # an area outside the caller's scope is the same as an unknown one
    other = factories.Tree()
    for scope in (other.community.code, "NOPE"):
        r = api.post("/api/v1/rosters/exports", {"scope": scope},
                     content_type="application/json")
        assert r.status_code == 404 and r.json()["code"] == "not_found"
        assert set(r.json()) == {"code", "message", "field"}
    # another user's job and an unknown job answer the same 404
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_job_create(actor=staff, area=one_row.community)
    colleague = factories.user("community_staff", one_row.community)
    headers = factories.bearer(colleague, name="colleague")
    for url in (f"/api/v1/rosters/exports/{job.pk}", f"/api/v1/rosters/exports/{job.pk}/file",
                f"/api/v1/rosters/exports/{uuid.uuid4()}"):
        r = client.get(url, **headers)
        assert r.status_code == 404 and r.json()["code"] == "not_found", url
    assert not AuditEvent.objects.filter(action="download").exists()
