"""Background work for roster imports and exports (django-tasks; the database backend in
production, run by ``shequ db_worker``; the immediate backend in tests)."""

import logging

from django_tasks import task

from shequ.core.workers import WorkerLost, on_lost

from .models import ImportJob

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: str, phase: str) -> None:
    from . import services

    try:
        if phase == "check":
            services.import_job_check(job_id)
        elif phase == "commit":
            services.import_job_run_commit(job_id)
    except Exception as exc:
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is not None:
            services.import_job_fail(job, exc)
        logger.exception("roster import %s failed in phase %s", job_id, phase)
        raise


@task()
def run_export_job(job_id: str) -> None:
    from . import services

    try:
        services.export_job_run(job_id)
    except Exception as exc:
        services.export_job_fail(job_id, exc)
        logger.exception("resident export %s failed", job_id)
        raise


# The worker died in the middle (out of memory on a hostile file, killed): the except
# clauses above never ran, so the job would show "checking" or "exporting" for ever.
@on_lost(run_import_job)
def _import_lost(job_id: str, phase: str) -> None:
    from . import services

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None and job.is_running:
        services.import_job_fail(job, WorkerLost())


@on_lost(run_export_job)
def _export_lost(job_id: str) -> None:
    from . import services

    services.export_job_fail(job_id, WorkerLost())
