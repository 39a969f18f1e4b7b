"""A later import — into a community that already has residents and housing — may add the
compounds, buildings, entrances and rooms it needs: the check lists them, nothing is built
until the user confirms the list (web page, API flag, CLI flag), and importing the same file
again succeeds and changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident
from shequ.rosters.models import ImportJob, JobState
from shequ.rosters.services import import_file
from shequ.territory.models import Building, Compound, Household
from shequ.testing import factories

from .conftest import SAMPLE


@pytest.fixture
def lived_in(tree):
    """A community in use: a registered family in 金竹苑8栋1单元501."""
    factories.resident(tree.household2, name="夏艳超", relation="head")
    factories.resident(tree.household2, name="付涵", relation="spouse")
    return tree


def _housing() -> tuple[int, int, int]:
    return Compound.objects.count(), Building.objects.count(), Household.objects.count()


def test_a_later_import_lists_the_housing_and_builds_it_once_confirmed(lived_in):
    """The service: without confirmation nothing is written and the list names what would
    be built; confirmed, the sample's 42 valid people are in; the same file again is a
    success that changes nothing."""
    # given the sample, whose 滨河花园 and 翠屏小区 do not exist here
    before = _housing()
    # when
    unconfirmed = import_file(actor=SYSTEM, path=SAMPLE, community=lived_in.community,
                              build_structure=True)
    # then
    assert unconfirmed.needs_confirmation and not unconfirmed.committed
    listing = unconfirmed.plan.new_structure_list()
    assert listing["compounds"] == ["滨河花园", "翠屏小区"]
    assert "滨河花园5栋" in listing["buildings"] and "金竹苑12栋" in listing["buildings"]
    assert "金竹苑7栋2单元302" not in listing["households"]  # exists already
    assert _housing() == before and Resident.objects.count() == 2
    # when confirmed
    done = import_file(actor=SYSTEM, path=SAMPLE, community=lived_in.community,
                       build_structure=True, confirm_structure=True)
    # then
    assert done.committed and done.counts["new"] == 42
    assert Resident.objects.count() == 44
    assert Compound.objects.filter(name__in=["滨河花园", "翠屏小区"]).count() == 2
    # when the same file is imported again
    housing, audits = _housing(), AuditEvent.objects.count()
    again = import_file(actor=SYSTEM, path=SAMPLE, community=lived_in.community,
                        build_structure=True)
    # then
    assert again.committed and not again.needs_confirmation
    assert again.counts["unchanged"] == 42 and again.counts["new"] == 0
    assert _housing() == housing and AuditEvent.objects.count() == audits


def test_the_web_page_lists_the_housing_and_needs_the_box_ticked(
        lived_in, staff, client, django_capture_on_commit_callbacks):
    # given
    client.force_login(staff)

    def upload():
        with open(SAMPLE, "rb") as fh, django_capture_on_commit_callbacks(execute=True):
            r = client.post(reverse("rosters:upload"), {
                "community": lived_in.community.pk, "file": fh, "mode": "valid-rows",
                "build_structure": "on"})
        assert r.status_code == 302, r.content.decode()[:2000]
        return ImportJob.objects.order_by("-created_at").first()

    job = upload()
    # when
    page = client.get(reverse("rosters:job", args=[job.pk])).content.decode()
    # then the check lists what will be built, with a box to tick
    assert 'data-testid="new-structure"' in page and "滨河花园5栋" in page
    assert 'name="confirm_structure"' in page
    # when confirming without ticking it
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rosters:job-commit", args=[job.pk]))
    # then nothing is imported
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and Resident.objects.count() == 2
    # when ticked
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rosters:job-commit", args=[job.pk]), {"confirm_structure": "on"})
    job.refresh_from_db()
    assert job.state == JobState.COMMITTED and Resident.objects.count() == 44
    # and the same file uploaded again commits, changing nothing
    housing = _housing()
    again = upload()
    assert again.state == JobState.CHECKED and again.rows_unchanged == 42
    assert not again.needs_structure_confirmation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rosters:job-commit", args=[again.pk]))
    again.refresh_from_db()
    assert again.state == JobState.COMMITTED and Resident.objects.count() == 44
    assert _housing() == housing


def test_the_api_lists_the_housing_and_needs_the_flag(lived_in, api,
                                                      django_capture_on_commit_callbacks):
    # given
    with open(SAMPLE, "rb") as fh, django_capture_on_commit_callbacks(execute=True):
        job = api.post("/api/v1/rosters/imports", {
            "file": fh, "community": lived_in.community.code, "build_structure": "true"}).json()
    # when
    status = api.get(f"/api/v1/rosters/imports/{job['id']}").json()
    refused = api.post(f"/api/v1/rosters/imports/{job['id']}/commit")
    # then
    assert status["state"] == "checked" and status["needs_structure_confirmation"]
    assert status["new_structure"]["compounds"] == 2
    assert "翠屏小区" in status["new_structure_list"]["compounds"]
    assert refused.status_code == 400 and refused.json()["code"] == "structure_unconfirmed"
    assert refused.json()["field"] == "confirm_structure"
    # when confirmed
    with django_capture_on_commit_callbacks(execute=True):
        ok = api.post(f"/api/v1/rosters/imports/{job['id']}/commit",
                      {"confirm_structure": "true"})
    assert ok.status_code == 202 and Resident.objects.count() == 44


def test_the_cli_lists_the_housing_and_needs_the_flag(lived_in):
    # given
    args = [str(SAMPLE), "--community", lived_in.community.code, "--build-structure"]
    out = io.StringIO()
    # when run without --confirm-structure (no terminal to ask on)
    with pytest.raises(CommandError) as caught:
        call_command("import-residents", *args, stdout=out)
    # then the list is printed and nothing is written
    assert str(caught.value).startswith("structure_unconfirmed: ")
    assert "滨河花园" in out.getvalue() and Resident.objects.count() == 2
    # when confirmed, then run again
    call_command("import-residents", *args, "--confirm-structure", stdout=io.StringIO())
    again = io.StringIO()
    call_command("import-residents", *args, stdout=again)
    # then
    assert Resident.objects.count() == 44
    assert "0 new, 0 updated, 42 unchanged" in again.getvalue()


def test_the_page_offers_to_check_again_adding_the_missing_housing(
        lived_in, staff, client, django_capture_on_commit_callbacks):
    """Uploaded without adding housing, the sample's rows are rejected as unknown addresses;
    the page offers to check it again adding the housing, which is then listed to confirm."""
    # given
    client.force_login(staff)
    with open(SAMPLE, "rb") as fh, django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rosters:upload"), {"community": lived_in.community.pk,
                                                "file": fh, "mode": "valid-rows"})
    first = ImportJob.objects.get()
    page = client.get(reverse("rosters:job", args=[first.pk])).content.decode()
    assert 'data-testid="add-housing"' in page
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rosters:job-add-housing", args=[first.pk]))
    # then a new check lists the housing to confirm
    second = ImportJob.objects.exclude(pk=first.pk).get()
    assert response.url == reverse("rosters:job", args=[second.pk])
    assert second.build_structure and second.needs_structure_confirmation
    assert second.rows_new == 42 and Resident.objects.count() == 2
