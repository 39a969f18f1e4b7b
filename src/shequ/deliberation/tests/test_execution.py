"""Execution and disclosure: the task tree's weighted progress, its refusals, evidence,
and what the public page shows of a decided matter."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shequ.core.errors import DomainError
from shequ.deliberation import selectors, services
from shequ.deliberation.models import MatterStatus, Task

from .helpers import passed

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def executing(staff, approved, council):
    matter = passed(staff, approved, council)
    return services.matter_execute(actor=staff, matter=matter)


def test_a_parent_task_shows_the_weighted_average_of_its_children(staff, executing):
    # given a task with two sub-tasks weighted 3 and 1, and a second top task
    root = services.task_add(actor=staff, matter=executing, title="采购器材", owner=staff)
    a = services.task_add(actor=staff, matter=executing, title="询价", parent=root, weight=3)
    b = services.task_add(actor=staff, matter=executing, title="签合同", parent=root, weight=1)
    other = services.task_add(actor=staff, matter=executing, title="安装")
    # when the sub-tasks are at 100 % and 40 %
    services.task_progress_set(actor=staff, task=a, progress=100)
    services.task_progress_set(actor=staff, task=b, progress="40")
    # then the parent is at 85 % and the matter at the average of its two top tasks
    assert Task.objects.get(pk=root.pk).progress == Decimal("85.00")
    executing.refresh_from_db()
    assert executing.progress == Decimal("42.50")
    services.task_progress_set(actor=staff, task=other, progress=100)
    services.task_progress_set(actor=staff, task=b, progress=100)
    executing.refresh_from_db()
    assert executing.progress == 100
    done = services.matter_complete(actor=staff, matter=executing)
    assert done.status == MatterStatus.DONE


def test_progress_over_100_and_a_parent_set_by_hand_are_refused(staff, executing):
    root = services.task_add(actor=staff, matter=executing, title="采购器材")
    leaf = services.task_add(actor=staff, matter=executing, title="询价", parent=root)
    with pytest.raises(DomainError) as err:
        services.task_progress_set(actor=staff, task=leaf, progress=101)
    assert err.value.code == "progress_range"
    with pytest.raises(DomainError) as err:
        services.task_progress_set(actor=staff, task=root, progress=50)
    assert err.value.code == "parent_progress"
    assert Task.objects.get(pk=root.pk).progress == 0


def test_a_matter_is_not_completed_before_its_tasks(staff, executing):
    services.task_add(actor=staff, matter=executing, title="安装")
    with pytest.raises(DomainError):
        services.matter_complete(actor=staff, matter=executing)


def test_tasks_are_only_for_a_passed_matter(staff, approved):
    with pytest.raises(DomainError) as err:
        services.task_add(actor=staff, matter=approved, title="x")
    assert err.value.code == "invalid_transition"


def test_evidence_is_a_photo(staff, executing, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = services.task_add(actor=staff, matter=executing, title="安装")
    row = services.evidence_add(actor=staff, task=task,
                                photo=SimpleUploadedFile("a.png", PNG, "image/png"))
    assert row.file.name.startswith("deliberation/")
    with pytest.raises(DomainError) as err:
        services.evidence_add(actor=staff, task=task, photo=SimpleUploadedFile(
            "a.pdf", b"%PDF-1.4", "application/pdf"))
    assert err.value.code == "bad_photo"
    assert io.BytesIO  # the photo is read by its first bytes, not its name


def test_the_public_page_shows_only_disclosed_fields(tree, staff, executing):
    # given the background disclosed and the source of funds marked private
    services.disclosure_set(actor=staff, matter=executing, field="background", state="public")
    services.disclosure_set(actor=staff, matter=executing, field="budget_source",
                            state="private")
    page, rows = selectors.public_matters(community=tree.community)
    (row,) = rows
    assert row["budget"] == Decimal("120000.00") and row["background"] == "器材老化"
    assert "budget_source" not in row and "proposer" not in row
    assert row["votes"] == {"for": 3, "against": 0, "abstain": 0}


def test_a_private_field_is_never_disclosed(staff, approved):
    services.disclosure_set(actor=staff, matter=approved, field="budget", state="private")
    with pytest.raises(DomainError) as err:
        services.disclosure_set(actor=staff, matter=approved, field="budget", state="public")
    assert err.value.code == "private_field"
    with pytest.raises(DomainError) as err:
        services.disclosure_set(actor=staff, matter=approved, field="title_secret",
                                state="public")
    assert err.value.code == "unknown_field"
    approved.refresh_from_db()
    assert approved.disclosure["budget"] == "private"


def test_matters_not_decided_are_not_public(tree, approved):
    _page, rows = selectors.public_matters(community=tree.community)
    assert rows == []
