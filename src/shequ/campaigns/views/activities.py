"""Activity pages: the list (residents: their community's; staff: their scope), a new
activity, the activity page (sign up / cancel; staff: QR code, roll call, report,
photos), QR check-in and photo downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.errors import DomainError

from .. import selectors, services
from ..forms import ActivityForm, PhotoForm
from ..models import SignupRole
from ..permissions import Action
from .common import act, communities, found, qr_svg


@login_required
@require_GET
def activity_list(request):
    user = request.user
    return render(request, "campaigns/activity_list.html", {
        "activities": selectors.activity_list(actor=user,
                                              upcoming=request.GET.get("all") != "1")[:200],
        "can_manage": user.can(Action.MANAGE_ACTIVITIES)})


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request):
    user = request.user
    if not user.can(Action.MANAGE_ACTIVITIES):
        raise Http404()
    form = ActivityForm(request.POST or None,
                        communities=communities(user, Action.MANAGE_ACTIVITIES))
    if request.method == "POST" and form.is_valid():
        try:
            row = services.activity_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("campaigns:activity-detail", activity_id=row.pk)
    return render(request, "campaigns/form.html", {"form": form, "title": _("New activity")})


@login_required
@require_GET
def activity_detail(request, activity_id):
    user = request.user
    activity = found(selectors.activity_get_for_actor, user, activity_id)
    manage = user.scope_for(Action.MANAGE_ACTIVITIES).covers_path(activity.path)
    url = request.build_absolute_uri(reverse("campaigns:check-in",
                                             args=[activity.checkin_token]))
    return render(request, "campaigns/activity_detail.html", {
        "activity": activity, "manage": manage, "mine": selectors.my_signup(user, activity),
        "signups": selectors.signup_list(actor=user, activity=activity),
        "photos": activity.photos.all(), "qr": qr_svg(url) if manage else "",
        "photo_form": PhotoForm() if manage else None})


@login_required
@require_POST
def sign_up(request, activity_id):
    activity = found(selectors.activity_get_for_actor, request.user, activity_id)
    role = (SignupRole.VOLUNTEER if request.POST.get("role") == SignupRole.VOLUNTEER
            else SignupRole.PARTICIPANT)
    return act(request, services.signup_create, _("Signed up."),
               reverse("campaigns:activity-detail", args=[activity.pk]), activity=activity,
               role=role)


@login_required
@require_POST
def cancel(request, signup_id):
    row = found(selectors.signup_get_for_actor, request.user, signup_id)
    return act(request, services.signup_cancel, _("Cancelled."),
               reverse("campaigns:activity-detail", args=[row.activity_id]), signup=row)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    activity = found(selectors.activity_for_token, token)
    if request.method == "POST":
        return act(request, services.activity_check_in, _("Checked in. Welcome!"),
                   reverse("campaigns:check-in", args=[token]), token=token)
    return render(request, "campaigns/check_in.html", {
        "activity": activity, "mine": selectors.my_signup(request.user, activity)})


@login_required
@require_POST
def attendance(request, activity_id):
    activity = found(selectors.activity_get_for_actor, request.user, activity_id)
    ids = [int(i) for i in request.POST.getlist("attended") if i.isdigit()]
    return act(request, services.attendance_mark, _("Attendance saved."),
               reverse("campaigns:activity-detail", args=[activity.pk]), activity=activity,
               attended_ids=ids)


@login_required
@require_POST
def report(request, activity_id):
    activity = found(selectors.activity_get_for_actor, request.user, activity_id)
    return act(request, services.activity_report, _("Report saved."),
               reverse("campaigns:activity-detail", args=[activity.pk]), activity=activity,
               report=request.POST.get("report", ""))


@login_required
@require_POST
def photo_add(request, activity_id):
    activity = found(selectors.activity_get_for_actor, request.user, activity_id)
    form = PhotoForm(request.POST, request.FILES)
    back = reverse("campaigns:activity-detail", args=[activity.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a photo."))
        return redirect(back)
    return act(request, services.photo_add, _("Photo added."), back, activity=activity,
               upload=form.cleaned_data["image"], caption=form.cleaned_data["caption"])


@login_required
@require_GET
def photo(request, photo_id):
    row = found(selectors.photo_get_for_actor, request.user, photo_id)
    return FileResponse(row.image.open("rb"))
