"""Roster import and export services, shared by the web pages, the API and the CLI.

An import is checked first (nothing written: counts, column mapping, rejected rows, error
workbook) and committed on confirmation, all in one transaction. Uploaded files and error
workbooks hold personal data: they live under MEDIA_ROOT/imports/ with mode 0600, only the
job's creator can fetch them, and they are deleted on commit (upload) or expiry (both).
Exports made from the web or the API run the same way, as background jobs whose workbook
waits in the same place for its creator to download it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode, NotFound
from shequ.core.scoping import may
from shequ.territory.models import Area

from .errorbook import write_error_workbook
from .errors import Gone, RosterErrorCode
from .exporting import export_check, export_residents
from .models import ExportJob, ExportState, ImportJob, ImportMode, JobState
from .planning import Plan, Progress, plan_import
from .reading import check_suffix
from .selectors import grids_of
from .storage import FILE_TTL, imports_dir
from .writing import commit_plan

JOB_TTL = FILE_TTL
EDIT = "edit_people"


def _require_community(actor, community: Area) -> None:
    if community.kind != "community":
        raise NotFound(field="community")
    if not may(actor, EDIT, community.path):
        raise NotFound(field="community")


def _grid_for(community: Area, build_structure: bool, grid: Area | None) -> Area | None:
    """The grid that receives new buildings. Any import may add the compounds, buildings,
    entrances and rooms it needs: they are listed by the check and created only once the
    user confirms that list (``confirm_structure``), so a typo shows before it builds."""
    if not build_structure:
        return None
    if grid is not None:
        if grid.kind != "grid" or grid.parent_id != community.pk:
            raise DomainError(_("Choose a grid of this community."), field="grid")
        return grid
    first = grids_of(community).first()
    if first is None:
        raise DomainError(_("The community has no grid to put new buildings in."),
                          code=RosterErrorCode.NO_GRID, field="grid")
    return first


def structure_confirmed(plan: Plan, confirm: bool | dict) -> bool:
    """Whether the housing the plan would create has been confirmed: ``True`` confirms what
    was listed just now (the CLI), a dict of counts confirms at most that much (a job's
    check, confirmed on its page or over the API; the commit re-plans, and must not build
    more than the user saw)."""
    new = plan.new_structure()
    if not new["households"]:
        return True
    if isinstance(confirm, dict):
        return all(new[k] <= int(confirm.get(k, 0)) for k in new)
    return bool(confirm)


@dataclass
class ImportResult:
    plan: Plan
    counts: dict
    committed: bool
    needs_confirmation: bool = False


def import_file(*, actor, path: Path | str, community: Area, mode: str = ImportMode.VALID_ROWS,
                build_structure: bool = False, grid: Area | None = None, dry_run: bool = False,
                confirm_structure: bool | dict = False, errors_out: Path | str | None = None,
                label: str = "", progress: Progress | None = None,
                checked: Callable[[Plan], None] | None = None) -> ImportResult:
    """Check and (unless ``dry_run``) commit one roster file in one go (the CLI). When the
    plan creates housing that ``confirm_structure`` does not confirm, nothing is written and
    the result says so (``needs_confirmation``; ``plan.new_structure_list()`` names it).
    ``checked`` sees the plan before anything is written (the CLI lists the columns it
    reads and ignores)."""
    _require_community(actor, community)
    if mode not in ImportMode.values:
        raise DomainError(_("Unknown mode."), field="mode")
    grid = _grid_for(community, build_structure, grid)
    plan = plan_import(path=path, community=community, build_structure=build_structure,
                       grid=grid, progress=progress)
    if checked is not None:
        checked(plan)
    if errors_out:
        write_error_workbook(plan, errors_out)
    if dry_run:
        return ImportResult(plan=plan, counts=plan.counts(), committed=False)
    if not structure_confirmed(plan, confirm_structure):
        return ImportResult(plan=plan, counts=plan.counts(), committed=False,
                            needs_confirmation=True)
    counts = commit_plan(actor=actor, plan=plan, mode=mode, label=label or Path(path).name,
                         progress=progress)
    return ImportResult(plan=plan, counts=counts, committed=True)


# --- jobs (web and API) --------------------------------------------------------------

def _progress_path(job: ImportJob) -> Path:
    return imports_dir() / f"{job.pk}.progress"


def job_progress(job: ImportJob) -> dict:
    """{"phase", "done", "total"} of a running job (a small file, since the import's own
    transaction must not be disturbed by progress writes)."""
    try:
        return json.loads(_progress_path(job).read_text())
    except (OSError, ValueError):
        return {"phase": job.state, "done": 0, "total": 0}


def _progress_writer(job: ImportJob) -> Progress:
    path = _progress_path(job)

    def write(phase: str, done: int, total: int) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
        os.replace(tmp, path)

    return write


def import_job_create(*, actor, community: Area, upload, original_name: str,
                      mode: str = ImportMode.VALID_ROWS, build_structure: bool = False,
                      grid: Area | None = None) -> ImportJob:
    """Store an uploaded roster (mode 0600) and queue its check."""
    _require_community(actor, community)
    suffix = check_suffix(original_name)
    if mode not in ImportMode.values:
        raise DomainError(_("Unknown mode."), field="mode")
    grid = _grid_for(community, build_structure, grid)
    import_jobs_purge()
    job = ImportJob.objects.create(community=community, created_by=user_of(actor), mode=mode,
                                   build_structure=build_structure, grid=grid,
                                   original_name=Path(original_name).name[:200])
    path = imports_dir() / f"{job.pk}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        for chunk in (upload.chunks() if hasattr(upload, "chunks") else iter([upload.read()])):
            fh.write(chunk)
    job.file_path = str(path)
    job.save(update_fields=["file_path", "updated_at"])
    _enqueue(job, "check")
    job.refresh_from_db()
    return job


def _enqueue(job: ImportJob, phase: str) -> None:
    from .tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(str(job.pk), phase))


def import_job_fail(job: ImportJob, exc: Exception) -> None:
    message = getattr(exc, "message", None) or _(
        "The import failed unexpectedly. Try again; if it fails again, tell the system "
        "administrator.")
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.FAILED, message=str(message)[:300],
                                               updated_at=timezone.now())


def import_job_check(job_id) -> None:
    """Task body: plan the import, write the error workbook, record counts."""
    job = ImportJob.objects.select_related("community", "grid", "created_by").get(pk=job_id)
    if job.state not in (JobState.UPLOADED, JobState.CHECKING):
        return
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.CHECKING)
    try:
        plan = plan_import(path=job.file_path, community=job.community,
                           build_structure=job.build_structure, grid=job.grid,
                           progress=_progress_writer(job))
        error_path = ""
        if plan.rejected:
            error_path = str(imports_dir() / f"{job.pk}-errors.xlsx")
            write_error_workbook(plan, error_path)
    except DomainError as exc:
        import_job_fail(job, exc)
        return
    counts = plan.counts()
    ImportJob.objects.filter(pk=job.pk).update(
        state=JobState.CHECKED, error_path=error_path, rows_total=counts["total"],
        rows_new=counts["new"], rows_updated=counts["updated"],
        rows_unchanged=counts["unchanged"], rows_rejected=counts["rejected"],
        report=plan.report(), updated_at=timezone.now())


def import_job_add_housing(*, actor, job: ImportJob) -> ImportJob:
    """Check the same upload again as a new job that adds the housing the roster names (the
    page's answer to rows rejected as unknown addresses); the new check lists it for
    confirmation like any other."""
    if job.created_by_id != getattr(actor, "pk", None):
        raise NotFound()
    if job.state != JobState.CHECKED or job.build_structure or not job.file_path:
        raise DomainError(_("This import is not waiting for confirmation."), code=ErrorCode.CONFLICT,
                          field="state")
    with open(job.file_path, "rb") as fh:
        return import_job_create(actor=actor, community=job.community, upload=fh,
                                 original_name=job.original_name, mode=job.mode,
                                 build_structure=True, grid=job.grid)


def import_job_commit(*, actor, job: ImportJob, confirm_structure: bool = False) -> ImportJob:
    """Confirm a checked job: queue its commit. Only its creator may, and only once. A job
    whose check lists new compounds, buildings, entrances or rooms also needs
    ``confirm_structure`` (the user has seen the list)."""
    if job.created_by_id != getattr(actor, "pk", None):
        raise NotFound()
    _require_community(actor, job.community)
    if job.state != JobState.CHECKED:
        raise DomainError(_("This import is not waiting for confirmation."), code=ErrorCode.CONFLICT,
                          field="state")
    if not job.can_commit:
        raise DomainError(_("Nothing can be imported from this file in the chosen mode."),
                          code=RosterErrorCode.ROWS_REJECTED, field="mode")
    if job.new_structure.get("households") and not confirm_structure:
        raise DomainError(
            _("This import creates the compounds, buildings, unit entrances and rooms listed "
              "with the check. Read the list, then confirm it to import."),
            code=RosterErrorCode.STRUCTURE_UNCONFIRMED, field="confirm_structure")
    updated = ImportJob.objects.filter(pk=job.pk, state=JobState.CHECKED).update(
        state=JobState.COMMITTING, updated_at=timezone.now())
    if not updated:
        raise DomainError(_("This import is not waiting for confirmation."), code=ErrorCode.CONFLICT,
                          field="state")
    _enqueue(job, "commit")
    job.refresh_from_db()
    return job


def import_job_run_commit(job_id) -> None:
    """Task body: check the file again against the registry as it is now, then commit."""
    job = ImportJob.objects.select_related("community", "grid", "created_by").get(pk=job_id)
    if job.state != JobState.COMMITTING:
        return
    try:
        result = import_file(actor=job.created_by, path=job.file_path, community=job.community,
                             mode=job.mode, build_structure=job.build_structure, grid=job.grid,
                             confirm_structure=job.new_structure, label=job.original_name,
                             progress=_progress_writer(job))
        if result.needs_confirmation:
            raise DomainError(_("The registry changed since the check: this import would now "
                                "create more housing than you confirmed. Upload the file again "
                                "to check it."), code=RosterErrorCode.STRUCTURE_CHANGED, field="file")
    except DomainError as exc:
        import_job_fail(job, exc)
        return
    counts = result.counts
    Path(job.file_path).unlink(missing_ok=True)
    _progress_path(job).unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job.pk).update(
        state=JobState.COMMITTED, file_path="", committed_at=timezone.now(),
        rows_total=counts["total"], rows_new=counts["new"], rows_updated=counts["updated"],
        rows_unchanged=counts["unchanged"], rows_rejected=counts["rejected"],
        report=result.plan.report(), updated_at=timezone.now())


def import_jobs_purge(*, now: dt.datetime | None = None, ttl: dt.timedelta = JOB_TTL,
                      dry_run: bool = False) -> int:
    """Delete the files of jobs older than ``ttl`` and mark unfinished ones expired
    (``dry_run``: only count them)."""
    cutoff = (now or timezone.now()) - ttl
    n = 0
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(file_path="", error_path="")
    if dry_run:
        return old.count()
    for job in old:
        for p in (job.file_path, job.error_path):
            if p:
                Path(p).unlink(missing_ok=True)
        _progress_path(job).unlink(missing_ok=True)
        state = job.state if job.state in (JobState.COMMITTED, JobState.FAILED) \
            else JobState.EXPIRED
        ImportJob.objects.filter(pk=job.pk).update(file_path="", error_path="", state=state)
        n += 1
    return n


# --- export jobs (web and API) -------------------------------------------------------

def export_job_create(*, actor, area: Area, reveal: bool = False, reason: str = "") -> ExportJob:
    """Queue an export of ``area``. The export rule is checked now, so a refusal is
    immediate, and again when the job runs and on every download. A second submit of the
    same unfinished export returns the job already queued instead of starting another."""
    reason = export_check(actor, area, reveal, reason)
    export_jobs_purge()
    same = ExportJob.objects.filter(created_by=user_of(actor), area=area, reveal=reveal, reason=reason,
                                    state__in=(ExportState.QUEUED, ExportState.RUNNING)).first()
    if same is not None:
        return same
    job = ExportJob.objects.create(area=area, created_by=user_of(actor), reveal=reveal,
                                   reason=reason)
    transaction.on_commit(lambda: _enqueue_export(job))
    return job


def _enqueue_export(job: ExportJob) -> None:
    from .tasks import run_export_job

    run_export_job.enqueue(str(job.pk))


def _export_file(job: ExportJob) -> Path:
    return imports_dir() / f"{job.pk}-export.xlsx"


def export_job_progress(job_id, done: int, total: int) -> None:
    """Record how far a running export is. The export holds no transaction open, so the
    job page sees each update at once."""
    ExportJob.objects.filter(pk=job_id, state=ExportState.RUNNING).update(
        rows_done=done, rows_total=total, updated_at=timezone.now())


def export_job_fail(job_id, exc: Exception) -> None:
    message = getattr(exc, "message", None) or _("The export failed unexpectedly.")
    ExportJob.objects.filter(pk=job_id).exclude(state=ExportState.EXPIRED).update(
        state=ExportState.FAILED, message=str(message)[:300], finished_at=timezone.now(),
        updated_at=timezone.now())


def export_job_run(job_id) -> None:
    """Task body: write the workbook as the job's creator (their scope as it is now), with
    the export's own audit record, counting rows as it goes."""
    job = ExportJob.objects.select_related("area", "created_by").get(pk=job_id)
    if not ExportJob.objects.filter(pk=job.pk, state=ExportState.QUEUED).update(
            state=ExportState.RUNNING, updated_at=timezone.now()):
        return  # already run, or expired while queued
    if job.created_by is None:  # never fall back to the system's unlimited scope
        export_job_fail(job.pk, NotFound())
        return
    out = _export_file(job)
    try:
        n = export_residents(actor=job.created_by, area=job.area, out=out, reveal=job.reveal,
                             reason=job.reason,
                             progress=lambda done, total: export_job_progress(job.pk, done,
                                                                              total))
    except DomainError as exc:
        export_job_fail(job.pk, exc)
        return
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job.pk, state=ExportState.RUNNING).update(
            state=ExportState.DONE, rows_done=n, rows_total=n, file_path=str(out),
            finished_at=now, updated_at=now):
        out.unlink(missing_ok=True)  # expired while running: keep no file nobody can fetch


@transaction.atomic
def export_job_open(*, actor, job: ExportJob) -> BinaryIO:
    """The workbook of a finished export, opened for streaming: for its creator only and
    only while their scope still covers the area (and the reveal scope, for a revealed
    export), the same rule as making it. Every download is audited."""
    if job.created_by_id != getattr(actor, "pk", None):
        raise NotFound()
    export_check(actor, job.area, job.reveal, job.reason)
    if job.state == ExportState.EXPIRED or (job.state == ExportState.DONE
                                            and job.expires_at <= timezone.now()):
        raise Gone(_("The file has been deleted on expiry. Start a new export."),
                   field="state")
    try:
        if job.state != ExportState.DONE or not job.file_path:
            raise FileNotFoundError
        fh = open(job.file_path, "rb")  # noqa: SIM115 - the response closes it
    except FileNotFoundError:
        raise Conflict(_("The export is not ready yet."), code=RosterErrorCode.NOT_READY,
                       field="state") from None
    audit.record(actor=actor, action="download", entity="resident_export", entity_id=job.pk,
                 summary=f"{job.area.name} ({job.area.code})",
                 after={"rows": job.rows_done, "scope": job.area.code,
                        "revealed": job.reveal},
                 reason=job.reason)
    return fh


def export_jobs_purge(*, now: dt.datetime | None = None, ttl: dt.timedelta = FILE_TTL,
                      dry_run: bool = False) -> int:
    """Delete the workbooks of export jobs older than ``ttl``; those jobs end expired
    (failed ones stay failed). ``dry_run``: only count them."""
    cutoff = (now or timezone.now()) - ttl
    n = 0
    old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(
        state__in=(ExportState.EXPIRED, ExportState.FAILED), file_path="")
    if dry_run:
        return old.count()
    for job in old:
        if job.file_path:
            Path(job.file_path).unlink(missing_ok=True)
        part = _export_file(job)
        part.with_name(part.name + ".part").unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(file_path="", state=ExportState.EXPIRED,
                                                   updated_at=timezone.now())
        n += 1
    return n
