"""Roster pages: upload → check (progress bar polled by htmx) → preview → confirm; the
error workbook download; export → progress (the same bar) → download."""

from __future__ import annotations

import math
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import DomainError, NotFound

from . import selectors, services
from .forms import ExportForm, UploadForm
from .headers import FIELD_LABELS


def _own(get_for_actor, request, job_id):
    return get_for_actor(request.user, job_id)


def _job(request, job_id):
    return _own(selectors.import_job_get_for_actor, request, job_id)


def _progress(request, job, progress: dict, progress_url: str, page_url: str):
    """The progress bar fragment of an import or export job; tells htmx to reload the page
    once the job has moved on."""
    if not job.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "rosters/_progress.html",
                  {"job": job, "progress": progress, "progress_url": progress_url,
                   "page_url": page_url})


def _forms(request, upload=None, export=None):
    user = request.user
    return {
        "upload_form": upload or UploadForm(communities=selectors.communities_for_import(user),
                                            grids=selectors.grids_for_import(user)),
        "export_form": export or ExportForm(areas=selectors.areas_for_export(user)),
        "jobs": selectors.import_jobs_of(user),
        "export_jobs": selectors.export_jobs_of(user),
        "can_import": user.can("edit_people"),
        "can_export": user.can("export_people"),
    }


@login_required
@require_GET
def index(request):
    if not (request.user.can("edit_people") or request.user.can("export_people")):
        raise Http404()
    return render(request, "rosters/index.html", _forms(request))


@login_required
@require_POST
def upload(request):
    user = request.user
    form = UploadForm(request.POST, request.FILES,
                      communities=selectors.communities_for_import(user),
                      grids=selectors.grids_for_import(user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            job = services.import_job_create(
                actor=user, community=d["community"], upload=d["file"],
                original_name=d["file"].name, mode=d["mode"],
                build_structure=d["build_structure"], grid=d["grid"])
            return redirect("rosters:job", job_id=job.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "rosters/index.html", _forms(request, upload=form), status=400)


@login_required
@require_GET
def job(request, job_id):
    j = _job(request, job_id)
    report = dict(j.report or {})
    report["mapping"] = [{**m, "label": FIELD_LABELS.get(m["field"], m["field"])}
                         for m in report.get("mapping", [])]
    return render(request, "rosters/job.html",
                  {"job": j, "report": report, "progress": services.job_progress(j)})


@login_required
@require_GET
def job_progress(request, job_id):
    j = _job(request, job_id)
    return _progress(request, j, services.job_progress(j),
                     reverse("rosters:job-progress", args=[j.pk]),
                     reverse("rosters:job", args=[j.pk]))


@login_required
@require_POST
def job_commit(request, job_id):
    j = _job(request, job_id)
    try:
        services.import_job_commit(actor=request.user, job=j,
                                   confirm_structure=request.POST.get("confirm_structure") == "on")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("rosters:job", job_id=j.pk)


@login_required
@require_POST
def job_add_housing(request, job_id):
    """Check the same file again, adding the housing it names (listed for confirmation)."""
    j = _job(request, job_id)
    try:
        new = services.import_job_add_housing(actor=request.user, job=j)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("rosters:job", job_id=j.pk)
    return redirect("rosters:job", job_id=new.pk)


@login_required
@require_GET
def job_errors(request, job_id):
    j = _job(request, job_id)
    if not j.error_path or not os.path.exists(j.error_path):
        raise Http404()
    return FileResponse(open(j.error_path, "rb"), as_attachment=True,
                        filename=f"errors-{j.original_name.rsplit('.', 1)[0]}.xlsx")


@login_required
@require_POST
def export(request):
    """Queue an export and go to its page; the workbook is made in the background."""
    form = ExportForm(request.POST, areas=selectors.areas_for_export(request.user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            job = services.export_job_create(actor=request.user, area=d["scope"],
                                             reveal=d["reveal"], reason=d["reason"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("rosters:export-job", job_id=job.pk)
    messages.error(request, _("The export could not be made."))
    return render(request, "rosters/index.html", _forms(request, export=form), status=400)


@login_required
@require_GET
def export_job(request, job_id):
    j = _own(selectors.export_job_get_for_actor, request, job_id)
    left = (j.expires_at - timezone.now()).total_seconds()
    return render(request, "rosters/export_job.html", {
        "job": j, "progress": j.progress, "expired": left <= 0,
        "hours_left": max(1, math.ceil(left / 3600)),
        "progress_url": reverse("rosters:export-job-progress", args=[j.pk]),
        "page_url": reverse("rosters:export-job", args=[j.pk]),
    })


@login_required
@require_GET
def export_job_progress(request, job_id):
    j = _own(selectors.export_job_get_for_actor, request, job_id)
    return _progress(request, j, j.progress,
                     reverse("rosters:export-job-progress", args=[j.pk]),
                     reverse("rosters:export-job", args=[j.pk]))


@login_required
@require_GET
def export_job_file(request, job_id):
    j = _own(selectors.export_job_get_for_actor, request, job_id)
    try:
        fh = services.export_job_open(actor=request.user, job=j)
    except NotFound:
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("rosters:export-job", job_id=j.pk)
    return FileResponse(fh, as_attachment=True, filename=f"residents-{j.area.code}.xlsx")
