"""Roster pages: upload → check (progress bar polled by htmx) → preview → confirm; the
error workbook download; export → progress (the same bar) → download."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.accounts.roles import Action
from shequ.core.errors import DomainError, NotFound
from shequ.core.kit import Column, act, attachment, poll, table_rows
from shequ.registry.policies import resident_policy

from . import selectors, services
from .forms import ExportForm, UploadForm
from .headers import FIELD_LABELS


def _job(request, job_id):
    return selectors.import_job_get_for_actor(request.user, job_id)


def _export_job(request, job_id):
    return selectors.export_job_get_for_actor(request.user, job_id)


def _progress(request, job, progress: dict, progress_url: str, page_url: str):
    """The progress bar of an import or export job, polled until the job moves on."""
    return poll(request, running=job.is_running, template="rosters/_progress.html", context={
        "job": job, "progress": progress, "progress_url": progress_url, "page_url": page_url})


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _started(job) -> str:
    return f"{timezone.localtime(job.created_at):%Y-%m-%d %H:%M}"


IMPORT_COLUMNS = [
    Column(gettext_lazy("File"), "original_name",
           link=lambda j: reverse("rosters:job", args=[j.pk])),
    Column(gettext_lazy("Community"), "community.name"),
    Column(gettext_lazy("State"), "get_state_display"),
    Column(gettext_lazy("New"), "rows_new"),
    Column(gettext_lazy("Updated"), "rows_updated"),
    Column(gettext_lazy("Rejected"), "rows_rejected"),
    Column(gettext_lazy("Uploaded"), _started),
]
EXPORT_COLUMNS = [
    Column(gettext_lazy("Area"), "area.name",
           link=lambda j: reverse("rosters:export-job", args=[j.pk])),
    Column(gettext_lazy("ID numbers and phones"),
           lambda j: _("in clear") if j.reveal else _("masked")),
    Column(gettext_lazy("State"), "get_state_display"),
    Column(gettext_lazy("Rows"), "rows_done"),
    Column(gettext_lazy("Started"), _started),
]


def _forms(request, upload=None, export=None):
    user = request.user
    return {
        "upload_form": upload or UploadForm(communities=selectors.communities_for_import(user),
                                            grids=selectors.grids_for_import(user)),
        "export_form": export or ExportForm(areas=selectors.areas_for_export(user)),
        "jobs": table_rows(IMPORT_COLUMNS, selectors.import_jobs_of(user)),
        "export_jobs": table_rows(EXPORT_COLUMNS, selectors.export_jobs_of(user)),
        "job_columns": IMPORT_COLUMNS, "export_columns": EXPORT_COLUMNS,
        "can_import": resident_policy.holds(user, Action.EDIT_PEOPLE),
        "can_export": resident_policy.holds(user, Action.EXPORT_PEOPLE),
    }


@login_required
@require_GET
def index(request):
    user = request.user
    if not (resident_policy.holds(user, Action.EDIT_PEOPLE)
            or resident_policy.holds(user, Action.EXPORT_PEOPLE)):
        raise NotFound()
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
        try:  # every refusal (a community out of reach too) is shown on the form
            job = services.import_job_create(
                actor=user, community=d["community"], upload=d["file"],
                original_name=d["file"].name, mode=d["mode"],
                build_structure=d["build_structure"], grid=d["grid"])
            return redirect("rosters:job", job_id=job.pk)
        except DomainError as exc:
            _form_error(form, exc)
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
    return act(request, services.import_job_commit, "", reverse("rosters:job", args=[j.pk]),
               job=j, confirm_structure=request.POST.get("confirm_structure") == "on")


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
    return attachment(j.error_path, f"errors-{j.original_name.rsplit('.', 1)[0]}.xlsx")


@login_required
@require_POST
def export(request):
    """Queue an export and go to its page; the workbook is made in the background."""
    form = ExportForm(request.POST, areas=selectors.areas_for_export(request.user))
    if form.is_valid():
        d = form.cleaned_data
        try:  # a refused reveal too: shown on its field, the form kept
            job = services.export_job_create(actor=request.user, area=d["scope"],
                                             reveal=d["reveal"], reason=d["reason"])
            return redirect("rosters:export-job", job_id=job.pk)
        except DomainError as exc:
            _form_error(form, exc)
    messages.error(request, _("The export could not be made."))
    return render(request, "rosters/index.html", _forms(request, export=form), status=400)


@login_required
@require_GET
def export_job(request, job_id):
    j = _export_job(request, job_id)
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
    j = _export_job(request, job_id)
    return _progress(request, j, j.progress,
                     reverse("rosters:export-job-progress", args=[j.pk]),
                     reverse("rosters:export-job", args=[j.pk]))


@login_required
@require_GET
def export_job_file(request, job_id):
    j = _export_job(request, job_id)
    try:
        fh = services.export_job_open(actor=request.user, job=j)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("rosters:export-job", job_id=j.pk)
    return FileResponse(fh, as_attachment=True, filename=f"residents-{j.area.code}.xlsx")
