"""Background work for set-up imports (django-tasks, as the roster import)."""

import logging

from django_tasks import task

from shequ.core.workers import WorkerLost, on_lost

from .models import SetupImportJob

logger = logging.getLogger(__name__)


@task()
def run_setup_import(job_id: str, phase: str) -> None:
    from . import services

    try:
        if phase == "check":
            services.job_check(job_id)
        elif phase == "commit":
            services.job_run_commit(job_id)
    except Exception as exc:
        services.job_fail(job_id, exc)
        logger.exception("set-up import %s failed in phase %s", job_id, phase)
        raise


@on_lost(run_setup_import)
def _lost(job_id: str, phase: str) -> None:
    from . import services

    job = SetupImportJob.objects.filter(pk=job_id).first()
    if job is not None and job.is_running:
        services.job_fail(job_id, WorkerLost())
