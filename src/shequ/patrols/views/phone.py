"""The patrol member's phone pages: my shifts, the check-in a checkpoint's QR code opens
(signed in), the incident form and a swap request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shequ.core.errors import NotFound
from shequ.core.kit import save_form
from shequ.territory import selectors as territory_selectors
from shequ.territory.models import AreaKind

from .. import selectors, services
from ..forms import CheckInForm, IncidentForm, SwapForm
from ..policies import Action, incident_policy


@login_required
def my_shifts(request):
    user = request.user
    shifts = list(selectors.my_shifts(user))
    now = selectors.my_shift_now(user)
    return render(request, "patrols/my_shifts.html", {
        "shifts": [(s, selectors.shift_times(s)) for s in shifts], "now": now})


@login_required
def check_in(request, token):
    """What the QR code opens: the checkpoint and one button (a photo may go with it)."""
    point = selectors.checkpoint_for_token(token)
    posted = request.method == "POST"
    form = CheckInForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        row = save_form(form, services.checkpoint_check_in, actor=request.user, token=token,
                        photo=form.cleaned_data.get("photo"))
        if row is not None:
            messages.success(request, _("Checked in at %(label)s.") % {"label": point.label})
            return redirect("patrols:my-shifts")
    return render(request, "patrols/check_in.html", {"point": point, "form": form},
                  status=400 if form.errors else 200)


def _incident_form(request, shift, data=None, files=None):
    user = request.user
    if shift is not None:
        return IncidentForm(data, files, buildings=selectors.grid_buildings(shift.route.grid))
    return IncidentForm(data, files, grids=selectors.areas_for(
        user, Action.REPORT_INCIDENTS, AreaKind.GRID),
        buildings=territory_selectors.building_list(actor=user))


@login_required
def incident_new(request):
    """On a shift the grid is the route's; staff and grid workers choose the grid."""
    user = request.user
    shift = selectors.my_shift_now(user)
    if shift is None and not incident_policy.holds(user, Action.REPORT_INCIDENTS):
        raise NotFound()
    posted = request.method == "POST"
    form = _incident_form(request, shift, request.POST if posted else None,
                          request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        row = save_form(form, services.incident_report, actor=user, shift=shift,
                        category=data["category"], note=data["note"], place=data["place"],
                        grid=data.get("grid"), building=data.get("building"),
                        photo=data.get("photo"))
        if row is not None:
            messages.success(request, _("The incident is recorded."))
            if incident_policy.can(user, Action.VIEW_PATROLS, row):
                return redirect("patrols:incident-detail", row.pk)
            return redirect("patrols:my-shifts")
    return render(request, "patrols/incident_form.html", {"form": form, "shift": shift},
                  status=400 if form.errors else 200)


@login_required
def swap_new(request, shift_id):
    shift = selectors.shift_get_for_actor(request.user, shift_id)
    form = SwapForm(request.POST or None, pool=selectors.pool_for_shift(shift))
    if request.method == "POST" and form.is_valid():
        row = save_form(form, services.swap_request, actor=request.user, shift=shift,
                        **form.cleaned_data)
        if row is not None:
            messages.success(request, _("The swap is asked for; staff will approve it."))
            return redirect("patrols:my-shifts")
    return render(request, "patrols/swap_form.html", {
        "form": form, "shift": shift, "times": selectors.shift_times(shift),
        "back": reverse("patrols:my-shifts")}, status=400 if form.errors else 200)
