"""Background work for roster imports and exports (django-tasks; the database backend in
production, run by ``shequ db_worker``; the immediate backend in tests)."""

import logging

from django_tasks import task

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
