"""Set-up imports for the CLI, the web pages and the API: one file in one go (the CLI), or a
background job — upload, check (a dry run: counts, rejected rows with reasons, ignored
columns, error workbook), confirm, commit — with progress (the roster import's progress
file). Every import is scoped: the area it goes into must lie in the actor's scope for the
kind's action, and every row is written through the domain services, which check it again
and audit it."""

from __future__ import annotations

import os
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import SYSTEM
from shequ.core.downloads import Workbook
from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.core.scoping import may
from shequ.rosters.headers import FIELD_ALIASES
from shequ.rosters.models import JobState
from shequ.rosters.reading import check_suffix
from shequ.rosters.selectors import area_get_for_actor
from shequ.rosters.services import _progress_path, _progress_writer, job_progress
from shequ.rosters.storage import FILE_TTL, imports_dir
from shequ.territory.models import Area

from .errors import ImportErrorCode
from .models import SetupImportJob
from .pipeline import (
    MODES,
    VALID_ROWS,
    Kind,
    Progress,
    Result,
    kind_get,
    run,
    template_workbook,
    write_error_workbook,
)

__all__ = ["job_progress"]


def into_for(actor, kind: Kind, code: str | None) -> Area:
    """The area a file of ``kind`` goes into: ``code`` (in the actor's scope for the kind's
    action), or, without one, the only district."""
    if not code:
        districts = list(Area.objects.filter(kind="district")[:2])
        if len(districts) != 1:
            raise DomainError(_("Say which area to import into (--into CODE)."),
                              code=ErrorCode.REQUIRED, field="into")
        code = districts[0].code
    area = area_get_for_actor(actor, code, kind.action, kinds=kind.into_kinds)
    return area


def district_ensure(code: str, name: str | None) -> Area:
    """The district ``code``, created by the operator when it does not exist yet (the first
    step of an installation, before any administrator exists)."""
    from shequ.territory.services import area_create

    area = Area.objects.filter(code=code, kind="district").first()
    if area is not None:
        return area
    if not name:
        raise DomainError(_("Give the new district's name (--district-name)."),
                          code=ErrorCode.REQUIRED, field="district_name")
    return area_create(actor=SYSTEM, kind="district", name=name, code=code, parent=None)


def _check_into(actor, kind: Kind, into: Area) -> None:
    if into.kind not in kind.into_kinds:
        raise NotFound(field="into")
    if not may(actor, kind.action, into.path):
        raise NotFound(field="into")


def import_file(*, actor, kind: str, path: Path | str, into: Area, dry_run: bool = False,
                mode: str = VALID_ROWS, errors_out: Path | str | None = None,
                passwords_out: Path | str | None = None,
                progress: Progress | None = None) -> Result:
    """Check and (unless ``dry_run``) import one workbook in one go, audited as one import."""
    k = kind_get(kind)
    _check_into(actor, k, into)
    result = run(k, path, actor=actor, into=into, dry_run=dry_run, mode=mode,
                 progress=progress)
    if errors_out:
        write_error_workbook(result, errors_out)
    if result.outputs and passwords_out:
        passwords_write(result.outputs, passwords_out)
    if result.committed:
        _audit(actor, k, into, Path(path).name, result)
    return result


def _audit(actor, kind: Kind, into: Area, label: str, result: Result) -> None:
    audit.record(actor=actor, action="import", entity="setup_import", entity_id=kind.name,
                 summary=f"{kind.name} {label} → {into.name}", after=result.counts())


def passwords_write(outputs: list[dict], out: Path | str) -> None:
    """The new accounts' one-time passwords, for handing over once (mode 0600)."""
    wb = Workbook()
    ws = wb.sheet("初始密码", ["姓名", "用户名", "初始密码", "角色", "区域", "说明"])
    for o in outputs:
        ws.append([o["name"], o["username"], o["password"], o["role"], o["area"],
                   "首次登录须修改密码"])
    ws.fit_columns()
    wb.save_private(Path(out))


def template_write(kind: Kind, out: Path | str) -> None:
    template_workbook(kind).save(out)


# The roster's columns, named as the roster importer reads them (its first header name);
# the address as its parts (小区/楼栋/单元/房号), not 现住址.
ROSTER_TEMPLATE_FIELDS = ("name", "gender", "ethnicity", "id_number", "birth_date", "phone",
                          "compound", "building", "entrance", "room", "relation",
                          "political_status", "residence_type", "tags", "note")


def roster_template_write(out: Path | str) -> None:
    """A blank roster (``shequ import residents --template``): the header only."""
    wb = Workbook()
    ws = wb.sheet("人口台账", [FIELD_ALIASES[f][0] for f in ROSTER_TEMPLATE_FIELDS])
    ws.fit_columns()
    wb.save(out)


# -- jobs (web and API) ------------------------------------------------------------------

def job_create(*, actor, kind: str, into: Area, upload, original_name: str,
               mode: str = VALID_ROWS) -> SetupImportJob:
    """Store an upload (mode 0600) and queue its check."""
    k = kind_get(kind)
    _check_into(actor, k, into)
    suffix = check_suffix(original_name)
    if mode not in MODES:
        raise DomainError(_("Unknown mode."), field="mode")
    jobs_purge()
    job = SetupImportJob.objects.create(kind=k.name, into=into, created_by=actor, mode=mode,
                                        original_name=Path(original_name).name[:200])
    path = imports_dir() / f"{job.pk}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        for chunk in (upload.chunks() if hasattr(upload, "chunks") else iter([upload.read()])):
            fh.write(chunk)
    SetupImportJob.objects.filter(pk=job.pk).update(file_path=str(path))
    _enqueue(job, "check")
    job.refresh_from_db()
    return job


def _enqueue(job: SetupImportJob, phase: str) -> None:
    from .tasks import run_setup_import

    transaction.on_commit(lambda: run_setup_import.enqueue(str(job.pk), phase))


def job_fail(job_id, exc: Exception) -> None:
    message = getattr(exc, "message", None) or _(
        "The import failed unexpectedly. Try again; if it fails again, tell the system "
        "administrator.")
    SetupImportJob.objects.filter(pk=job_id).update(
        state=JobState.FAILED, message=str(message)[:300], updated_at=timezone.now())


def _store(job: SetupImportJob, result: Result, **extra) -> None:
    c = result.counts()
    SetupImportJob.objects.filter(pk=job.pk).update(
        rows_total=c["total"], rows_new=c["new"], rows_updated=c["updated"],
        rows_unchanged=c["unchanged"], rows_rejected=c["rejected"],
        report=result.report(), updated_at=timezone.now(), **extra)


def job_check(job_id) -> None:
    """Task body: the dry run, its error workbook and counts."""
    job = SetupImportJob.objects.select_related("into", "created_by").get(pk=job_id)
    if job.state not in (JobState.UPLOADED, JobState.CHECKING):
        return
    SetupImportJob.objects.filter(pk=job.pk).update(state=JobState.CHECKING)
    try:
        result = run(job.kind, job.file_path, actor=job.created_by, into=job.into,
                     dry_run=True, mode=job.mode, progress=_progress_writer(job))
        error_path = ""
        if result.rejected:
            error_path = str(imports_dir() / f"{job.pk}-errors.xlsx")
            write_error_workbook(result, error_path)
    except DomainError as exc:
        job_fail(job.pk, exc)
        return
    _store(job, result, state=JobState.CHECKED, error_path=error_path)


def job_commit(*, actor, job: SetupImportJob) -> SetupImportJob:
    """Confirm a checked job (its creator only, once): queue the import."""
    if job.created_by_id != getattr(actor, "pk", None):
        raise NotFound()
    _check_into(actor, kind_get(job.kind), job.into)
    if job.state != JobState.CHECKED:
        raise DomainError(_("This import is not waiting for confirmation."), code=ErrorCode.CONFLICT,
                          field="state")
    if not job.can_commit:
        raise DomainError(_("Nothing can be imported from this file in the chosen mode."),
                          code=ImportErrorCode.ROWS_REJECTED, field="mode")
    if not SetupImportJob.objects.filter(pk=job.pk, state=JobState.CHECKED).update(
            state=JobState.COMMITTING, updated_at=timezone.now()):
        raise DomainError(_("This import is not waiting for confirmation."), code=ErrorCode.CONFLICT,
                          field="state")
    _enqueue(job, "commit")
    job.refresh_from_db()
    return job


def job_run_commit(job_id) -> None:
    """Task body: import the file as it checks now (the registry may have changed)."""
    job = SetupImportJob.objects.select_related("into", "created_by").get(pk=job_id)
    if job.state != JobState.COMMITTING:
        return
    if job.created_by is None:  # never fall back to the operator's unlimited scope
        job_fail(job.pk, NotFound())
        return
    try:
        result = import_file(actor=job.created_by, kind=job.kind, path=job.file_path,
                             into=job.into, mode=job.mode, progress=_progress_writer(job))
        error_path = job.error_path
        if result.rejected:
            error_path = str(imports_dir() / f"{job.pk}-errors.xlsx")
            write_error_workbook(result, error_path)
    except DomainError as exc:
        job_fail(job.pk, exc)
        return
    Path(job.file_path).unlink(missing_ok=True)
    _progress_path(job).unlink(missing_ok=True)
    _store(job, result, state=JobState.COMMITTED if result.committed
           else JobState.FAILED, file_path="", error_path=error_path,
           committed_at=timezone.now(),
           message="" if result.committed else _("Nothing was imported: rows were rejected."))


def job_get(*, actor, job_id) -> SetupImportJob:
    job = SetupImportJob.objects.select_related("into").filter(pk=job_id).first()
    if job is None or job.created_by_id != getattr(actor, "pk", None):
        raise NotFound()
    return job


def jobs_purge(*, now=None, ttl=FILE_TTL) -> int:
    """Delete the files of jobs older than ``ttl``; unfinished ones end expired."""
    cutoff = (now or timezone.now()) - ttl
    n = 0
    for job in SetupImportJob.objects.filter(created_at__lt=cutoff).exclude(
            file_path="", error_path=""):
        for p in (job.file_path, job.error_path):
            if p:
                Path(p).unlink(missing_ok=True)
        _progress_path(job).unlink(missing_ok=True)
        state = job.state if job.state in (JobState.COMMITTED, JobState.FAILED) \
            else JobState.EXPIRED
        SetupImportJob.objects.filter(pk=job.pk).update(file_path="", error_path="",
                                                        state=state)
        n += 1
    return n
