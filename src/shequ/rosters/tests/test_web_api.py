"""The web flow (upload → check with progress → preview → confirm) and the same over the
JSON API, driven with the test client."""

import io
import os
from pathlib import Path

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from openpyxl import load_workbook

from shequ.registry.models import Resident
from shequ.rosters.models import ImportJob, JobState
from shequ.testing import factories

from .conftest import SAMPLE, row


@pytest.fixture(autouse=True)
def _base_template(settings, tmp_path):
    """The shell template belongs to the web app; stand in for it while it is absent."""
    try:
        get_template("base.html")
    except TemplateDoesNotExist:
        d = tmp_path / "tpl"
        d.mkdir()
        (d / "base.html").write_text(
            "<html><head><title>{% block title %}{% endblock %}</title>{% block extra_head %}"
            "{% endblock %}</head><body>{% block content %}{% endblock %}"
            "{% block scripts %}{% endblock %}</body></html>")
        settings.TEMPLATES = [{**settings.TEMPLATES[0],
                               "DIRS": [*settings.TEMPLATES[0]["DIRS"], d]}]


def _upload(client, community, path=SAMPLE, **extra):
    with open(path, "rb") as fh:
        data = {"community": community.pk, "file": fh, "mode": "valid-rows", **extra}
        return client.post(reverse("rosters:upload"), data)


def test_upload_preview_confirm(tree, staff, client, django_capture_on_commit_callbacks):
    # given community staff on the import page
    client.force_login(staff)
    page = client.get(reverse("rosters:index"))
    assert page.status_code == 200 and tree.community.name in page.content.decode()
    # when uploading the sample, building the structure
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, tree.community, build_structure="on")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("rosters:job", args=[job.pk])
    # then the preview shows the counts and the recognised columns; nothing is saved yet
    preview = client.get(response.url).content.decode()
    assert job.state == JobState.CHECKED
    assert 'id="count-new">42<' in preview and 'id="count-rejected">20<' in preview
    assert "身份证号码" in preview
    assert not Resident.objects.exists()
    assert oct(os.stat(job.file_path).st_mode & 0o777) == "0o600"
    # and the error workbook lists the rejected rows with their reasons
    errors = client.get(reverse("rosters:job-errors", args=[job.pk]))
    assert errors.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(errors.streaming_content)), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][-2:] == ("错误原因", "原行号")
    assert [r[-1] for r in rows[1:]][:3] == [6, 9, 10]
    # when confirming
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("rosters:job-commit", args=[job.pk]),
                           {"confirm_structure": "on"})
    # then the residents are in, the uploaded file is gone
    assert done.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.COMMITTED and job.rows_new == 42
    assert Resident.objects.count() == 42
    assert job.file_path == "" and not list(Path(job.error_path).parent.glob(f"{job.pk}.xlsx"))
    # and a second confirmation is refused
    client.post(reverse("rosters:job-commit", args=[job.pk]), {"confirm_structure": "on"})
    assert Resident.objects.count() == 42


def test_progress_fragment_and_refresh(tree, staff, client, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, tree.community, build_structure="on")
    job = ImportJob.objects.get()
    # a finished check tells htmx to reload the page
    r = client.get(reverse("rosters:job-progress", args=[job.pk]))
    assert r.status_code == 204 and r["HX-Refresh"] == "true"
    # a running one answers the bar, which polls again
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.COMMITTING)
    r = client.get(reverse("rosters:job-progress", args=[job.pk]))
    assert r.status_code == 200 and b'hx-trigger="every 1s"' in r.content


def test_jobs_and_error_files_belong_to_their_creator(tree, staff, client,
                                                      django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, tree.community, build_structure="on")
    job = ImportJob.objects.get()
    colleague = factories.user("community_staff", tree.community)
    client.force_login(colleague)
    for name in ("rosters:job", "rosters:job-errors", "rosters:job-progress"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("rosters:job-commit", args=[job.pk])).status_code == 404


def test_upload_to_a_community_outside_scope_is_refused(tree, grid_worker, client, book):
    client.force_login(grid_worker)
    response = _upload(client, tree.community, path=book([row(1)]))
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


# --- API -------------------------------------------------------------------------------

def test_api_upload_status_errors_commit(tree, api, django_capture_on_commit_callbacks):
    # when uploading
    with open(SAMPLE, "rb") as fh, django_capture_on_commit_callbacks(execute=True):
        r = api.post("/api/v1/rosters/imports", {"file": fh, "community": tree.community.code,
                                                 "build_structure": "true"})
    assert r.status_code == 201, r.content
    job_id = r.json()["id"]
    # then the status shows the check
    status = api.get(f"/api/v1/rosters/imports/{job_id}").json()
    assert status["state"] == "checked" and status["counts"]["new"] == 42
    assert status["rejected"][0] == {"row": 6, "errors": [
        {"code": "id_checksum", "field": "id_number", "message": status["rejected"][0][
            "errors"][0]["message"]}]}
    assert api.get(f"/api/v1/rosters/imports/{job_id}/errors").status_code == 200
    # when committing
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"/api/v1/rosters/imports/{job_id}/commit", {"confirm_structure": "true"})
    assert r.status_code == 202
    assert api.get(f"/api/v1/rosters/imports/{job_id}").json()["state"] == "committed"
    assert Resident.objects.count() == 42
    # and committing twice is a 4xx with a code
    again = api.post(f"/api/v1/rosters/imports/{job_id}/commit", {"confirm_structure": "true"})
    assert again.status_code == 400 and again.json()["code"] == "conflict"


def test_api_refusals_use_the_error_shape(tree, api, book):
    other = factories.Tree()
    with open(book([row(1)]), "rb") as fh:
        r = api.post("/api/v1/rosters/imports", {"file": fh, "community": other.community.code})
    assert r.status_code == 404
    assert set(r.json()) == {"code", "message", "field"} and r.json()["code"] == "not_found"
    r = api.get("/api/v1/rosters/imports/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_an_unreadable_upload_fails_the_job_with_a_reason(tree, staff, client, tmp_path,
                                                          django_capture_on_commit_callbacks):
    # given a file that is not a spreadsheet
    bad = tmp_path / "roster.xlsx"
    bad.write_bytes(b"not a workbook")
    client.force_login(staff)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, tree.community, path=bad)
    # then
    job = ImportJob.objects.get()
    assert job.state == JobState.FAILED and job.message
    assert job.message in client.get(reverse("rosters:job", args=[job.pk])).content.decode()


def test_old_import_files_are_purged(tree, staff, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from shequ.rosters.services import import_job_create

    # given a checked job with its upload and error workbook on disk, two days old
    with open(SAMPLE, "rb") as fh, django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(actor=staff, community=tree.community, upload=fh,
                                original_name="r.xlsx", build_structure=True)
    job.refresh_from_db()
    files = [Path(job.file_path), Path(job.error_path)]
    assert all(p.exists() for p in files)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    # when
    call_command("purge-imports")
    # then the personal data is gone and the job says so
    job.refresh_from_db()
    assert not any(p.exists() for p in files)
    assert job.state == JobState.EXPIRED and job.file_path == job.error_path == ""
