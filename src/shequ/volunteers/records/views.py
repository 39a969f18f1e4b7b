"""Pages about service records: QR check-in and check-out, the verification queue with its
verify/reject decision, and past service entered by hand from a volunteer's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.freetext import form_refusal

from ..pages import act, found, need, save
from ..people import selectors as people_selectors
from ..policies import Action
from . import selectors, services
from .forms import RecordEntryForm, RejectForm, VerifyForm


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    user = request.user
    row = found(selectors.need_for_token, token)
    if request.method == "POST":
        back, _r = act(request, services.need_check_in, _("Checked in. Thank you!"),
                       reverse("volunteers:check-in", args=[token]), token=token)
        return back
    return render(request, "volunteers/check_in.html", {
        "need": row, "record": selectors.open_record_for(user, row),
        "is_volunteer": people_selectors.my_volunteer(user) is not None})


@login_required
@require_POST
def check_out(request, record_id):
    row = found(selectors.record_get_for_actor, request.user, record_id)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("volunteers:me")
    back, _r = act(request, services.record_check_out,
                   _("Checked out. Your hours wait for verification."), back, record=row)
    return back


@login_required
@require_GET
def record_queue(request):
    need(request.user, Action.VERIFY_SERVICE)
    rows = selectors.record_queue(actor=request.user)
    return render(request, "volunteers/record_queue.html", {
        "records": rows[:200], "verify_form": VerifyForm(), "reject_form": RejectForm()})


@login_required
@require_POST
def record_decide(request, record_id, decision):
    user = request.user
    if decision not in ("verify", "reject"):
        raise Http404()
    row = found(selectors.record_get_for_actor, user, record_id)
    back = reverse("volunteers:record-queue")
    if decision == "verify":
        form = VerifyForm(request.POST)
        minutes = form.cleaned_data["minutes"] if form.is_valid() else None
        response, result = act(request, services.record_verify, "", back, record=row,
                               minutes=minutes)
        if result is not None:
            messages.success(request, _("Verified: %(name)s earned %(points)d points.") % {
                "name": row.volunteer.resident.name, "points": result[1].amount})
        return response
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    reason = form.cleaned_data["reason"]
    response, _r = act(request, services.record_reject, _("Rejected."), back, record=row,
                       reason=reason)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def record_enter(request, volunteer_id):
    """Staff enter a volunteer's past service by hand; it joins the verification queue."""
    user = request.user
    need(user, Action.VERIFY_SERVICE)
    volunteer = found(people_selectors.volunteer_get_for_actor, user, volunteer_id)
    form = RecordEntryForm(request.POST or None,
                           initial={"served_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        check_in_at, check_out_at = form.times()
        row = save(form, services.record_enter, actor=user, volunteer=volunteer,
                   title=form.cleaned_data["title"], check_in_at=check_in_at,
                   check_out_at=check_out_at, reason=form.cleaned_data["reason"])
        if row is not None:
            messages.success(request, _("Entered; the hours wait for verification."))
            return redirect("volunteers:volunteer-detail", volunteer_id=volunteer.pk)
    return render(request, "volunteers/form.html", {
        "form": form, "back": reverse("volunteers:volunteer-detail", args=[volunteer.pk]),
        "title": _("Enter past service of %(name)s") % {"name": volunteer.resident.name},
        "hint": _("For service already done that was not checked in. It earns points only "
                  "once a staff member verifies it, and nobody verifies their own hours.")},
        status=400 if form.errors else 200)
