"""A column the import does not read is listed before anything is written, on every door:
the web check page, the API's check response, the CLI's dry run and its real run (before
the commit, and when it stops to ask for the housing to be confirmed)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from shequ.registry.models import Resident
from shequ.rosters.models import ImportJob, JobState

from .conftest import HEADER, row
from .test_web_api import _base_template, _upload  # noqa: F401 - the shell-template stand-in

EXTRA = ["文化程度", "工作单位（全称）"]


@pytest.fixture
def roster(book):
    return book([row(1, "甲", relation="户主") + ["大专", "某公司"],
                 row(2, "乙", address=("凤凰小区", "1栋", "1单元", "101")) + ["高中", ""]],
                header=[*HEADER, *EXTRA])


def test_the_web_check_page_lists_them(tree, staff, client, roster,
                                       django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, tree.community, path=roster)
    job = ImportJob.objects.get()
    page = client.get(reverse("rosters:job", args=[job.pk])).content.decode()
    assert job.state == JobState.CHECKED and not Resident.objects.exists()
    assert "文化程度, 工作单位（全称）" in page


def test_the_api_check_response_lists_them(tree, api, roster,
                                           django_capture_on_commit_callbacks):
    with open(roster, "rb") as fh, django_capture_on_commit_callbacks(execute=True):
        job = api.post("/api/v1/rosters/imports",
                       {"file": fh, "community": tree.community.code}).json()
    status = api.get(f"/api/v1/rosters/imports/{job['id']}").json()
    assert status["state"] == "checked" and status["ignored_columns"] == EXTRA
    assert not Resident.objects.exists()


def test_the_cli_lists_them_on_a_dry_run(tree, roster):
    out = io.StringIO()
    call_command("import-residents", str(roster), "--community", tree.community.code,
                 "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert "ignored columns: 文化程度, 工作单位（全称）" in lines
    assert lines[-1].startswith("would import:") and not Resident.objects.exists()


def test_the_cli_lists_them_before_it_commits(tree, roster, monkeypatch):
    # given a commit that looks at what has been printed when it starts
    from shequ.rosters import services

    out = io.StringIO()
    printed_before_commit = []
    real_commit = services.commit_plan

    def commit(**kw):
        printed_before_commit.append(out.getvalue())
        return real_commit(**kw)

    monkeypatch.setattr(services, "commit_plan", commit)
    # when
    call_command("import-residents", str(roster), "--community", tree.community.code,
                 "--build-structure", "--confirm-structure", stdout=out)
    # then
    assert "ignored columns: 文化程度, 工作单位（全称）" in printed_before_commit[0]
    assert out.getvalue().splitlines()[-1].startswith("imported: 2 new")


def test_the_cli_lists_them_when_it_stops_for_the_housing(tree, roster):
    out = io.StringIO()
    with pytest.raises(CommandError, match="structure_unconfirmed"):
        call_command("import-residents", str(roster), "--community", tree.community.code,
                     "--build-structure", stdout=out)
    assert "ignored columns: 文化程度, 工作单位（全称）" in out.getvalue()
    assert not Resident.objects.exists()


def test_columns_read_are_not_listed_as_ignored(tree, book):
    path = book([row(1, "甲", relation="户主") + ["流动", "低保", "四川省达州市"]],
                header=[*HEADER, "类别", "特殊人群", "户籍地址"])
    out = io.StringIO()
    call_command("import-residents", str(path), "--community", tree.community.code,
                 "--dry-run", stdout=out)
    text = out.getvalue()
    assert "ignored columns" not in text
    assert "类别→residence_type" in text and "特殊人群→tags" in text
    assert "户籍地址→hukou_address (not stored)" in text
