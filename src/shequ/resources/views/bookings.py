"""Booking pages: book from a resource's calendar, my bookings, the owner's inbox of requests,
one booking with its negotiation thread and buttons, the "what is free" search, utilisation
with its Excel download, and the QR check-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.kit import Column, ListPage, act, need

from .. import selectors, services
from ..forms import BookingForm, FreeSearchForm, PeriodForm, ProposeForm, ReasonForm
from ..models import BookingStatus
from ..policies import Action, may_decide, resource_policy
from .resources import detail_url

FREE_SHOWN = 200  # resources listed by the "what is free" search


def booking_url(booking_id) -> str:
    return reverse("resources:booking-detail", args=[booking_id])


def _when(b) -> str:
    start, end = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


BOOKING_COLUMNS = [
    Column(gettext_lazy("When"), _when, link=lambda b: booking_url(b.pk)),
    Column(gettext_lazy("Resource"), "resource.name"),
    Column(gettext_lazy("Status"), "get_status_display"),
    Column(gettext_lazy("People"), "attendees"),
    Column(gettext_lazy("Purpose"), "purpose"),
]


@login_required
@require_POST
def book(request, resource_id):
    """Book from a resource's page: once, or weekly until a date with exceptions."""
    user = request.user
    resource = selectors.resource_get_for_actor(user, resource_id)
    form = BookingForm(request.POST, units=selectors.delegate_unit_list(user))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(detail_url(resource.pk))
    data = dict(form.cleaned_data)
    until, skip = data.pop("weekly_until"), data.pop("skip")
    try:
        if until:
            series = services.booking_series_create(actor=user, resource=resource, until=until,
                                                    skip=skip, **data)
            messages.success(request, _("%(n)d weekly bookings made.")
                             % {"n": series.bookings.count()})
            return redirect("resources:my-bookings")
        b = services.booking_request(actor=user, resource=resource, **data)
    except (NotFound, Forbidden) as exc:
        if isinstance(exc, Forbidden):
            messages.error(request, exc.message)
            return redirect(detail_url(resource.pk))
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(detail_url(resource.pk) + f"?date={data['starts_at'].date()}")
    messages.success(request, _("Confirmed.") if b.status == BookingStatus.CONFIRMED
                     else _("Your request is sent to the owner."))
    return redirect(booking_url(b.pk))


class MyBookings(ListPage):
    title = gettext_lazy("My bookings")
    action = Action.BOOK
    columns = BOOKING_COLUMNS
    row_key, empty_text = "booking", gettext_lazy("No bookings.")

    def rows(self, filters):
        return selectors.my_bookings(actor=self.request.user)

    def actions(self):
        yield _("What is free"), reverse("resources:free")
        yield _("Shared resource list"), reverse("resources:resource-list")


class Inbox(ListPage):
    title = gettext_lazy("Booking requests")
    columns = [*BOOKING_COLUMNS,
               Column(gettext_lazy("Booked by"), lambda b: b.unit.name if b.unit_id
                      else b.booker.display_name or b.booker.username)]
    row_key, empty_text = "booking", gettext_lazy("No requests are waiting.")

    def rows(self, filters):
        return selectors.inbox(actor=self.request.user)


@login_required
@require_GET
def booking_detail(request, booking_id):
    """One booking and its negotiation thread, with the buttons its viewer may press."""
    user = request.user
    b = selectors.booking_get_for_actor(user, booking_id)
    negotiation, thread = selectors.thread(b)
    owner_side = may_decide(user, b)
    mine = b.booker_id == user.pk
    displaced = bool(negotiation and negotiation.displaces_id
                     and negotiation.displaces.booker_id == user.pk)
    live = b.status in (BookingStatus.REQUESTED, BookingStatus.NEGOTIATING)
    return render(request, "resources/booking_detail.html", {
        "b": b, "negotiation": negotiation, "thread": thread, "decide": owner_side and live,
        "mine": mine, "displaced": displaced, "live": live,
        "can_confirm": owner_side and b.status == BookingStatus.REQUESTED,
        "can_accept": b.status == BookingStatus.NEGOTIATING and (mine or owner_side or displaced),
        "can_cancel": (mine or owner_side) and (live or b.status == BookingStatus.CONFIRMED),
        "can_no_show": owner_side and b.status == BookingStatus.CONFIRMED
        and b.starts_at <= timezone.now(),
        "can_check_in": mine and b.status == BookingStatus.CONFIRMED and b.resource.requires_checkin
        and not b.checked_in_at,
        "propose_form": ProposeForm(), "reason_form": ReasonForm()})


_ACTIONS = {
    "confirm": (services.booking_confirm, gettext_lazy("Confirmed."), ()),
    "decline": (services.booking_decline, gettext_lazy("Declined."), ("reason",)),
    "accept": (services.booking_accept, gettext_lazy("Accepted."), ()),
    "cancel": (services.booking_cancel, gettext_lazy("Cancelled."), ("reason",)),
    "no-show": (services.booking_no_show, gettext_lazy("No-show recorded."), ()),
}


@login_required
@require_POST
def booking_act(request, booking_id, verb):
    if verb not in _ACTIONS:
        raise NotFound()
    b = selectors.booking_get_for_actor(request.user, booking_id)
    fn, ok, fields = _ACTIONS[verb]
    return act(request, fn, str(ok), booking_url(b.pk), booking=b,
               **{f: request.POST.get(f, "") for f in fields})


@login_required
@require_POST
def booking_propose(request, booking_id):
    b = selectors.booking_get_for_actor(request.user, booking_id)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(booking_url(b.pk))
    return act(request, services.booking_propose, _("Sent."), booking_url(b.pk), booking=b,
               **form.cleaned_data)


@login_required
@require_GET
def free(request):
    """What is free: resources with a free stretch in a date range, by type and size."""
    need(request.user, Action.BOOK)
    today = timezone.localdate()
    form = FreeSearchForm(request.GET or None, initial={"start": today, "end": today})
    found = []
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        rows = selectors.resource_list(actor=request.user, kind=d.get("kind") or "",
                                       capacity=d.get("capacity"))[:1000]
        found = selectors.free_search(rows, d["start"], d["end"], d.get("minutes") or 60,
                                      limit=FREE_SHOWN)
    return render(request, "resources/free.html", {"form": form, "found": found,
                                                   "searched": form.is_bound})


@login_required
@require_GET
def utilisation(request):
    """Hours offered, booked and used per resource and per unit, with the Excel download."""
    user = request.user
    if not resource_policy.holds(user, Action.VIEW_RESOURCES):
        raise NotFound()
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    resources = selectors.resource_list(actor=user, active=None)
    by = "unit" if request.GET.get("by") == "unit" else "resource"
    rows = (selectors.utilisation_by_unit if by == "unit"
            else selectors.utilisation_by_resource)(resources, start, end)
    fmt = request.GET.get("format")
    if fmt in downloads.FORMATS:
        header = [_("Unit") if by == "unit" else _("Resource"), _("Owner"), _("Hours offered"),
                  _("Hours booked"), _("Hours used"), _("Booked %")]
        return downloads.table(actor=user, name=f"resource-utilisation-{start}-{end}", fmt=fmt,
                               header=[str(h) for h in header],
                               rows=([r.name, r.owner, r.offered, r.booked, r.used,
                                      r.booked_share] for r in rows))
    return render(request, "resources/utilisation.html", {
        "form": form, "rows": rows, "by": by, "start": start, "end": end,
        "query": f"start={start}&end={end}&by={by}"})


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    if request.method == "POST":
        b = services.booking_check_in(actor=request.user, token=token)
        messages.success(request, _("Checked in."))
        return redirect(booking_url(b.pk))
    return render(request, "resources/check_in.html", {"token": token})
