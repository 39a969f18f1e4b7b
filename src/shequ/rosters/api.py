"""Roster import and export over the JSON API (/api/v1/rosters/).

POST   imports                 multipart: file, community (code), mode, build_structure, grid
GET    imports/{id}            state, counts, progress, column mapping, first rejected rows,
                               new_structure (counts) and new_structure_list (names) of the
                               compounds, buildings, entrances and rooms it would create
GET    imports/{id}/errors     the error workbook
POST   imports/{id}/commit     confirm a checked import (form field confirm_structure=true
                               when needs_structure_confirmation: the user saw the list)
POST   exports                 scope (area code), reveal, reason → 202, the job and its
                               status_url; the workbook is made in the background
GET    exports/{id}            state, rows done / total, file_url once done
GET    exports/{id}/file       the workbook (its creator only, scope re-checked, audited)
Errors are {"code", "message", "field"} with a 4xx status.
"""

from __future__ import annotations

import functools
import os
from uuid import UUID

from django.http import FileResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth

from shequ.accounts.services import api_token_authenticate
from shequ.core.errors import DomainError, NotFound
from shequ.core.freetext import limit_of
from shequ.rosters.errors import RosterErrorCode
from shequ.territory.models import Area

from . import selectors, services
from .forms import MAX_UPLOAD_BYTES
from .models import ExportJob, ExportState, ImportJob, ImportMode


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


router = Router(auth=[BearerToken(), django_auth], tags=["rosters"])


def _domain_errors(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return JsonResponse(exc.as_dict(), status=exc.status)

    return wrapper


def _job_json(job: ImportJob) -> dict:
    report = job.report or {}
    return {
        "id": str(job.pk),
        "state": job.state,
        "community": job.community.code,
        "file": job.original_name,
        "mode": job.mode,
        "build_structure": job.build_structure,
        "message": job.message,
        "counts": {"total": job.rows_total, "new": job.rows_new, "updated": job.rows_updated,
                   "unchanged": job.rows_unchanged, "rejected": job.rows_rejected},
        "progress": services.job_progress(job) if job.is_running else None,
        "mapping": report.get("mapping", []),
        "ignored_columns": report.get("ignored_columns", []),
        "rejected": report.get("rejected", []),
        "new_structure": job.new_structure,
        "new_structure_list": report.get("new_structure_list", {}),
        "needs_structure_confirmation": job.needs_structure_confirmation,
        "has_error_file": bool(job.error_path),
        "can_commit": job.can_commit,
        "created_at": job.created_at.isoformat(),
    }


@router.post("/imports")
@_domain_errors
def import_create(request, file: File[UploadedFile], community: Form[str],
                  mode: Form[str] = ImportMode.VALID_ROWS, build_structure: Form[bool] = False,
                  grid: Form[str] = ""):
    if file.size > MAX_UPLOAD_BYTES:
        raise DomainError(_("The file is larger than 60 MB."), code=RosterErrorCode.TOO_LARGE, field="file")
    area = selectors.area_get_for_actor(request.user, community, "edit_people",
                                        kinds=("community",))
    grid_area = selectors.area_get_for_actor(request.user, grid, "edit_people",
                                             kinds=("grid",)) if grid else None
    job = services.import_job_create(actor=request.user, community=area, upload=file,
                                     original_name=file.name or "roster.xlsx", mode=mode,
                                     build_structure=build_structure, grid=grid_area)
    return JsonResponse(_job_json(job), status=201)


@router.get("/imports/{job_id}")
@_domain_errors
def import_status(request, job_id: UUID):
    return JsonResponse(_job_json(selectors.import_job_get_for_actor(request.user, job_id)))


@router.get("/imports/{job_id}/errors")
@_domain_errors
def import_errors(request, job_id: UUID):
    job = selectors.import_job_get_for_actor(request.user, job_id)
    if not job.error_path or not os.path.exists(job.error_path):
        raise NotFound(field="errors")
    return FileResponse(open(job.error_path, "rb"), as_attachment=True,
                        filename=f"errors-{job.pk}.xlsx")


@router.post("/imports/{job_id}/commit")
@_domain_errors
def import_commit(request, job_id: UUID, confirm_structure: Form[bool] = False):
    job = selectors.import_job_get_for_actor(request.user, job_id)
    job = services.import_job_commit(actor=request.user, job=job,
                                     confirm_structure=confirm_structure)
    return JsonResponse(_job_json(job), status=202)


class ExportIn(Schema):
    scope: str = Field(max_length=limit_of(Area, "code"))
    reveal: bool = False
    reason: str = Field("", max_length=limit_of(ExportJob, "reason"))


def _export_json(job: ExportJob) -> dict:
    done = job.state == ExportState.DONE
    return {
        "id": str(job.pk),
        "state": job.state,
        "scope": job.area.code,
        "reveal": job.reveal,
        "message": job.message,
        "progress": {"done": job.rows_done, "total": job.rows_total},
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "expires_at": job.expires_at.isoformat(),
        "status_url": reverse("api:roster-export-status", kwargs={"job_id": job.pk}),
        "file_url": reverse("api:roster-export-file", kwargs={"job_id": job.pk})
        if done else None,
    }


@router.post("/exports")
@_domain_errors
def export_create(request, payload: ExportIn):
    area = selectors.area_get_for_actor(request.user, payload.scope, "export_people")
    job = services.export_job_create(actor=request.user, area=area, reveal=payload.reveal,
                                     reason=payload.reason)
    body = _export_json(job)
    response = JsonResponse(body, status=202)
    response["Location"] = body["status_url"]
    return response


@router.get("/exports/{job_id}", url_name="roster-export-status")
@_domain_errors
def export_status(request, job_id: UUID):
    return JsonResponse(_export_json(selectors.export_job_get_for_actor(request.user, job_id)))


@router.get("/exports/{job_id}/file", url_name="roster-export-file")
@_domain_errors
def export_file(request, job_id: UUID):
    job = selectors.export_job_get_for_actor(request.user, job_id)
    fh = services.export_job_open(actor=request.user, job=job)
    return FileResponse(fh, as_attachment=True, filename=f"residents-{job.area.code}.xlsx")
