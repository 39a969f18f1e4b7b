"""Set-up import pages (district and street administrators; accounts: the system
administrator): choose a kind and an area, upload → the check runs in the background
(progress polled by htmx) → rejected rows with reasons, ignored columns → confirm →
progress → result; the blank template and the error workbook to download."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import DomainError, NotFound
from shequ.core.kit import Column, act, attachment, poll, table_rows
from shequ.rosters.forms import MAX_UPLOAD_BYTES

from . import selectors, services
from .api import XLSX
from .models import SetupImportJob
from .pipeline import ALL_OR_NOTHING, KINDS, VALID_ROWS, kind_get, template_workbook


def _kinds_for(user) -> list:
    kind_get("territory")  # loads the built-in kinds
    return [k for k in KINDS.values() if user.can(k.action)]


def _areas_for(user, kinds) -> list:
    return selectors.areas_for_import(user, kinds)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    into = forms.ChoiceField(label=gettext_lazy("Import into"))
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx, .xls, .csv)"))
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), initial=VALID_ROWS, choices=[
        (VALID_ROWS, gettext_lazy("Import the valid rows, report the rejected ones")),
        (ALL_OR_NOTHING, gettext_lazy("Import nothing while any row is rejected"))])

    def __init__(self, *args, kinds, areas, **kw):
        super().__init__(*args, **kw)
        self.fields["kind"].choices = [(k.name, f"{k.label} ({k.name})") for k in kinds]
        self.fields["into"].choices = [(a.code, f"{a.name} ({a.code})") for a in areas]

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 60 MB."))
        return f


JOB_COLUMNS = [
    Column(gettext_lazy("File"), "original_name",
           link=lambda j: reverse("imports:job", args=[j.pk])),
    Column(gettext_lazy("Kind"), "kind"),
    Column(gettext_lazy("Area"), "into.name"),
    Column(gettext_lazy("State"), "get_state_display"),
]


def _page(request, form=None, status=200):
    kinds = _kinds_for(request.user)
    if not kinds:
        raise NotFound()
    form = form or UploadForm(kinds=kinds, areas=_areas_for(request.user, kinds))
    jobs = table_rows(JOB_COLUMNS, selectors.jobs_of(request.user))
    return render(request, "imports/index.html", {
        "form": form, "kinds": kinds, "jobs": jobs, "job_columns": JOB_COLUMNS}, status=status)


@login_required
@require_GET
def index(request):
    return _page(request)


@login_required
@require_POST
def upload(request):
    kinds = _kinds_for(request.user)
    form = UploadForm(request.POST, request.FILES, kinds=kinds,
                      areas=_areas_for(request.user, kinds))
    if form.is_valid():
        d = form.cleaned_data
        try:
            k = kind_get(d["kind"])
            into = services.into_for(request.user, k, d["into"])
            job = services.job_create(actor=request.user, kind=k.name, into=into,
                                      upload=d["file"], original_name=d["file"].name,
                                      mode=d["mode"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("imports:job", job_id=job.pk)
    return _page(request, form, status=400)


def _job(request, job_id) -> SetupImportJob:
    return services.job_get(actor=request.user, job_id=job_id)


@login_required
@require_GET
def job(request, job_id):
    j = _job(request, job_id)
    return render(request, "imports/job.html", {
        "job": j, "report": j.report or {}, "kind": kind_get(j.kind),
        "progress": services.job_progress(j) if j.is_running else None})


@login_required
@require_GET
def job_progress(request, job_id):
    j = _job(request, job_id)
    return poll(request, running=j.is_running, template="rosters/_progress.html", context={
        "job": j, "progress": services.job_progress(j),
        "progress_url": reverse("imports:job-progress", args=[j.pk]),
        "page_url": reverse("imports:job", args=[j.pk])})


@login_required
@require_POST
def job_commit(request, job_id):
    j = _job(request, job_id)
    return act(request, services.job_commit, "", reverse("imports:job", args=[j.pk]), job=j)


@login_required
@require_GET
def job_errors(request, job_id):
    j = _job(request, job_id)
    return attachment(j.error_path, f"errors-{j.kind}.xlsx")


@login_required
@require_GET
def template(request, kind):
    try:
        k = kind_get(kind)
    except DomainError:
        raise NotFound() from None
    response = HttpResponse(template_workbook(k).to_bytes().getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{k.name}-template.xlsx"'
    return response
