"""The web pages and the API of the set-up imports: upload → check → confirm → result,
the error workbook and the templates, and their refusals (scope, someone else's job, a
second confirmation)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.imports import services
from shequ.imports.models import SetupImportJob
from shequ.territory.models import Area
from shequ.testing import factories

SAMPLES = Path(__file__).resolve().parents[4] / "tests" / "data" / "setup"


@pytest.fixture
def district(db):
    return services.district_ensure("511703", "达川区")


@pytest.fixture(autouse=True)
def _run_jobs_at_once(monkeypatch):
    """Jobs are queued when the request's transaction commits, which a test's never does:
    queue them at once (the immediate task backend then runs them)."""
    from shequ.imports.tasks import run_setup_import

    monkeypatch.setattr(services, "_enqueue",
                        lambda job, phase: run_setup_import.enqueue(str(job.pk), phase))


@pytest.fixture
def admin(district):
    return factories.user("district_admin", district)


def _upload(name="territory.xlsx"):
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def test_web_upload_check_confirm_and_download(client, admin, district):
    client.force_login(admin)
    page = client.get("/setup/imports/")
    assert page.status_code == 200 and "territory" in page.content.decode()
    r = client.post("/setup/imports/upload/", {"kind": "territory", "into": "511703",
                                               "mode": "valid-rows", "file": _upload()})
    assert r.status_code == 302
    job = SetupImportJob.objects.get()
    assert job.state == "checked" and job.rows_new == 34 and job.rows_rejected == 1
    assert not Area.objects.filter(kind="grid").exists()  # the check wrote nothing
    html = client.get(f"/setup/imports/{job.pk}/").content.decode()
    assert "confirm-import" in html and "网格员电话" in html
    errors = client.get(f"/setup/imports/{job.pk}/errors.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    assert [c.value for c in ws[1]][-1] == "原行号"
    r = client.post(f"/setup/imports/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.state == "committed" and Area.objects.filter(kind="grid").count() == 34
    # a second confirmation is refused
    assert services.job_get(actor=admin, job_id=job.pk).can_commit is False
    template = client.get("/setup/imports/templates/units.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(template.content)).active
    assert ws["B1"].value == "统一社会信用代码"


def test_web_refuses_an_area_outside_the_scope_and_others_jobs(client, admin, district, db):
    other = services.district_ensure("511702", "通川区")
    client.force_login(admin)
    r = client.post("/setup/imports/upload/", {"kind": "territory", "into": other.code,
                                               "mode": "valid-rows", "file": _upload()})
    assert r.status_code == 400 and not SetupImportJob.objects.exists()
    job = services.job_create(actor=admin, kind="territory", into=district, upload=_upload(),
                              original_name="territory.xlsx")
    stranger = factories.user("district_admin", district)
    client.force_login(stranger)
    assert client.get(f"/setup/imports/{job.pk}/").status_code == 404
    assert client.post(f"/setup/imports/{job.pk}/commit/").status_code == 404


def test_a_grid_worker_has_no_import_page(client, db):
    tree = factories.Tree()
    client.force_login(factories.user("grid_worker", tree.grid1))
    assert client.get("/setup/imports/").status_code == 404


def test_api_upload_status_commit_and_refusals(client, admin, district):
    client.force_login(admin)
    r = client.post("/api/v1/imports/jobs", {"kind": "party-orgs", "into": "511703",
                                             "file": _upload("party-orgs.xlsx")})
    assert r.status_code == 201, r.content
    body = r.json()
    # no territory yet: every organisation below the district committee is refused
    assert body["state"] == "checked" and body["counts"]["rejected"] > 0
    assert body["rejected"][0]["errors"][0]["code"]
    r = client.post("/api/v1/imports/jobs", {"kind": "nonsense", "into": "511703",
                                             "file": _upload("party-orgs.xlsx")})
    assert r.status_code == 400 and r.json()["code"] == "unknown_kind"
    r = client.post("/api/v1/imports/jobs", {"kind": "territory", "into": "511703",
                                             "file": SimpleUploadedFile("x.txt", b"hello")})
    assert r.status_code == 400 and r.json()["field"] == "file"
    r = client.post("/api/v1/imports/jobs", {"kind": "territory", "into": "511703",
                                             "file": _upload()})
    job_id = r.json()["id"]
    r = client.post(f"/api/v1/imports/jobs/{job_id}/commit")
    assert r.status_code == 202
    status = client.get(f"/api/v1/imports/jobs/{job_id}").json()
    assert status["state"] == "committed" and status["counts"]["new"] == 34
    r = client.post(f"/api/v1/imports/jobs/{job_id}/commit")
    assert r.status_code == 400 and r.json()["code"] == "conflict"
    assert client.get("/api/v1/imports/templates/accounts").status_code == 200
    kinds = {k["kind"] for k in client.get("/api/v1/imports/kinds").json()["items"]}
    assert kinds == {"territory", "party-orgs", "units", "party-members", "accounts",
                     "service_points"}
