"""Pages about service records: QR check-in and check-out, the verification queue with its
verify/reject decision, and past service entered by hand from a volunteer's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act, act_form

from ..people import selectors as people_selectors
from ..policies import Action
from . import selectors, services
from .forms import RecordEntryForm, RejectForm, VerifyForm


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    user = request.user
    row = selectors.need_for_token(token)
    if request.method == "POST":
        return act(request, services.need_check_in, _("Checked in. Thank you!"),
                   reverse("volunteers:check-in", args=[token]), token=token)
    return render(request, "volunteers/check_in.html", {
        "need": row, "record": selectors.open_record_for(user, row),
        "is_volunteer": people_selectors.my_volunteer(user) is not None})


@login_required
@require_POST
def check_out(request, record_id):
    row = selectors.record_get_for_actor(request.user, record_id)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("volunteers:me")
    return act(request, services.record_check_out,
               _("Checked out. Your hours wait for verification."), back, record=row)


class RecordQueue(ListPage):
    """Hours waiting for verification, oldest first, each with its verify and reject
    buttons."""

    title, action = gettext_lazy("Verify hours"), Action.VERIFY_SERVICE
    row_key, empty_text = "record", gettext_lazy("Nothing waiting for verification.")
    template_name = "volunteers/record_queue.html"
    columns = [
        Column(gettext_lazy("Volunteer"), "volunteer.resident.name"),
        Column(gettext_lazy("Work"), "title"),
        Column(gettext_lazy("Time"), "check_in_at", template="volunteers/_record_time.html"),
        Column(gettext_lazy("Minutes"), "minutes"),
        Column("", "pk", template="volunteers/_record_decide.html"),
    ]

    def rows(self, filters):
        return selectors.record_queue(actor=self.request.user)

    def context(self):
        return {"reject_form": RejectForm(), "records": self.page.rows}


@login_required
@require_POST
def record_decide(request, record_id, decision):
    if decision not in ("verify", "reject"):
        raise NotFound()
    row = selectors.record_get_for_actor(request.user, record_id)
    back = reverse("volunteers:record-queue")
    if decision == "verify":
        form = VerifyForm(request.POST)
        return act(request, services.record_verify,
                   lambda done: _("Verified: %(name)s earned %(points)d points.") % {
                       "name": row.volunteer.resident.name, "points": done[1].amount},
                   back, record=row, minutes=form.cleaned_data["minutes"]
                   if form.is_valid() else None)
    return act_form(request, RejectForm(request.POST), services.record_reject, _("Rejected."),
                       back, record=row)


class RecordEnter(FormPage):
    """Staff enter a volunteer's past service by hand; it joins the verification queue."""

    form_class, action = RecordEntryForm, Action.VERIFY_SERVICE
    success_message = gettext_lazy("Entered; the hours wait for verification.")
    hint = gettext_lazy("For service already done that was not checked in. It earns points "
                        "only once a staff member verifies it, and nobody verifies their own "
                        "hours.")

    def get_object(self):
        return people_selectors.volunteer_get_for_actor(self.request.user,
                                                        self.kwargs["volunteer_id"])

    def initial(self, volunteer):
        return {"served_on": timezone.localdate()}

    def save(self, volunteer, d):
        check_in_at, check_out_at = RecordEntryForm.times(d)
        return services.record_enter(actor=self.request.user, volunteer=volunteer,
                                     title=d["title"], check_in_at=check_in_at,
                                     check_out_at=check_out_at, reason=d["reason"])

    def success_url(self, row):
        return reverse("volunteers:volunteer-detail", args=[row.volunteer_id])

    def back_url(self, volunteer):
        return reverse("volunteers:volunteer-detail", args=[volunteer.pk])

    def page_title(self, volunteer):
        return _("Enter past service of %(name)s") % {"name": volunteer.resident.name}
