"""Set-up imports over the JSON API (/api/v1/imports/).

GET    kinds                      the import kinds and their columns
GET    templates/{kind}           a blank workbook of the kind
POST   jobs                       multipart: kind, file, into (area code), mode → 201, the job;
                                  its check (a dry run) runs in the background
GET    jobs/{id}                  state, progress, counts, column mapping, ignored columns,
                                  rejected rows with reasons
GET    jobs/{id}/errors           the error workbook (原行号 and 错误原因 columns)
POST   jobs/{id}/commit           confirm a checked job → 202; the import runs in the background
Errors are {"code", "message", "field"} with a 4xx status. A new account made here gets a
one-time link to choose its password (the owner's, never the administrator's).
"""

from __future__ import annotations

import os
from uuid import UUID

from django.http import FileResponse, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.security import django_auth

from shequ.core.errors import DomainError, NotFound
from shequ.rosters.api import BearerToken, _domain_errors
from shequ.rosters.forms import MAX_UPLOAD_BYTES

from . import services
from .errors import ImportErrorCode
from .models import SetupImportJob
from .pipeline import KINDS, VALID_ROWS, kind_get, template_workbook

router = Router(auth=[BearerToken(), django_auth], tags=["imports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def job_json(job: SetupImportJob) -> dict:
    report = job.report or {}
    return {
        "id": str(job.pk), "kind": job.kind, "state": job.state, "into": job.into.code,
        "file": job.original_name, "mode": job.mode, "message": job.message,
        "counts": job.counts(),
        "progress": services.job_progress(job) if job.is_running else None,
        "mapping": report.get("mapping", []),
        "ignored_columns": report.get("ignored_columns", []),
        "not_stored": report.get("not_stored", []),
        "rejected": report.get("rejected", []),
        "has_error_file": bool(job.error_path), "can_commit": job.can_commit,
        "created_at": job.created_at.isoformat(),
    }


@router.get("/kinds")
def kinds(request):
    kind_get("territory")  # loads the built-in kinds
    return JsonResponse({"items": [
        {"kind": k.name, "label": k.label, "into": list(k.into_kinds),
         "columns": [{"field": c.field, "header": c.aliases[0], "aliases": list(c.aliases),
                      "required": c.required, "stored": c.stored} for c in k.columns]}
        for k in KINDS.values()]})


@router.get("/templates/{kind}")
@_domain_errors
def template(request, kind: str):
    k = kind_get(kind)
    response = HttpResponse(template_workbook(k).to_bytes().getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{k.name}-template.xlsx"'
    return response


@router.post("/jobs")
@_domain_errors
def job_create(request, file: File[UploadedFile], kind: Form[str], into: Form[str] = "",
               mode: Form[str] = VALID_ROWS):
    if file.size > MAX_UPLOAD_BYTES:
        raise DomainError(_("The file is larger than 60 MB."), code=ImportErrorCode.TOO_LARGE, field="file")
    k = kind_get(kind)
    area = services.into_for(request.user, k, into)
    job = services.job_create(actor=request.user, kind=k.name, into=area, upload=file,
                              original_name=file.name or "import.xlsx", mode=mode)
    return JsonResponse(job_json(job), status=201)


@router.get("/jobs/{job_id}")
@_domain_errors
def job_status(request, job_id: UUID):
    return JsonResponse(job_json(services.job_get(actor=request.user, job_id=job_id)))


@router.get("/jobs/{job_id}/errors")
@_domain_errors
def job_errors(request, job_id: UUID):
    job = services.job_get(actor=request.user, job_id=job_id)
    if not job.error_path or not os.path.exists(job.error_path):
        raise NotFound(field="errors")
    return FileResponse(open(job.error_path, "rb"), as_attachment=True,  # noqa: SIM115
                        filename=f"errors-{job.kind}-{job.pk}.xlsx")


@router.post("/jobs/{job_id}/commit")
@_domain_errors
def job_commit(request, job_id: UUID):
    job = services.job_get(actor=request.user, job_id=job_id)
    return JsonResponse(job_json(services.job_commit(actor=request.user, job=job)), status=202)
