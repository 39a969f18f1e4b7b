"""A district administrator imports the territory workbook in a browser: upload, the check
with its rejected row and reason, confirm, the progress bar moving while the import runs,
then the result — without reloading the page by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from shequ.imports import services
from shequ.imports.models import SetupImportJob
from shequ.rosters.services import _progress_writer
from shequ.territory.models import Area
from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TERRITORY = Path(__file__).resolve().parents[1] / "data" / "setup" / "territory.xlsx"


def test_territory_import_with_progress(live_server, browser, monkeypatch):
    from playwright.sync_api import expect

    district = services.district_ensure("511703", "达川区")
    factories.user("district_admin", district, username="quadmin")
    enqueue = services._enqueue
    # The commit is queued but held back, so the page shows the import while it runs.
    monkeypatch.setattr(services, "_enqueue",
                        lambda job, phase: enqueue(job, phase) if phase == "check" else None)
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "quadmin")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.goto(live_server.url + "/setup/imports/")
    page.select_option("select[name=kind]", "territory")
    page.select_option("select[name=into]", "511703")
    page.set_input_files("input[name=file]", str(TERRITORY))
    page.click("#import-upload button[type=submit]")

    # the check: 34 grids to create, row 9 refused with its reason, nothing written yet
    expect(page.locator("#count-new")).to_have_text("34")
    expect(page.locator("#count-rejected")).to_have_text("1")
    expect(page.locator("table.rejected")).to_contain_text("11")
    expect(page.locator("#errors-download")).to_be_visible()
    assert not Area.objects.filter(kind="grid").exists()

    page.click("#confirm-import")
    job = SetupImportJob.objects.get()
    assert job.state == "committing"
    _progress_writer(job)("write", 12, 35)
    expect(page.locator("#job-progress")).to_contain_text("12 / 35")

    # the import runs (the worker's part); the page notices by itself
    services.job_run_commit(job.pk)
    expect(page.locator("#job-state")).to_contain_text("已导入", timeout=20_000)
    expect(page.locator("#count-new")).to_have_text("34")
    assert Area.objects.filter(kind="grid").count() == 34
    page.close()
