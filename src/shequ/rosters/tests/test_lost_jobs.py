"""A roster job whose worker process died mid-run (out of memory, killed) ends as failed
with a message once the supervisor notices, instead of showing "running" for ever."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from shequ.core import workers
from shequ.rosters import services, tasks
from shequ.rosters.models import ExportJob, ExportState, ImportJob, JobState

pytestmark = pytest.mark.django_db


def _lost(task, *args):
    DBTaskResult.objects.create(
        status="RUNNING", task_path=task.module_path, backend_name="default",
        worker_ids=["h:1:dead"], args_kwargs={"args": list(args), "kwargs": {}},
        run_after=timezone.now(), started_at=timezone.now())
    workers.fail_lost_tasks({"h:1:dead"})


def test_an_export_whose_worker_died_is_failed_with_a_message(tree, staff):
    # given an export being written when its worker died
    job = services.export_job_create(actor=staff, area=tree.community)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING)
    # when the supervisor handles the worker's exit
    _lost(tasks.run_export_job, str(job.pk))
    # then
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and "后台任务进程" in job.message


def test_an_import_whose_worker_died_is_failed_with_a_message(tree, staff, book):
    # given an import being checked when its worker died
    from .conftest import row

    job = ImportJob.objects.create(community=tree.community, created_by=staff,
                                   file_path=str(book([row(1)])), original_name="a.xlsx",
                                   state=JobState.CHECKING)
    # when
    _lost(tasks.run_import_job, str(job.pk), "check")
    # then
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "后台任务进程" in job.message
