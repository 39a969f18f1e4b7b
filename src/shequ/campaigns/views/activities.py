"""Activity pages: the list (residents: their community's; staff: their scope), a new
activity, the activity page (sign up / cancel; staff: QR code, roll call, report,
photos), QR check-in and photo downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import DomainError
from shequ.core.freetext import form_refusal
from shequ.core.kit import Column, ListPage, act, save_form

from .. import selectors, services
from ..forms import ActivityFilterForm, ActivityForm, CancelForm, PhotoForm, ReportForm
from ..models import SignupRole
from ..policies import Action, activity_policy
from .common import communities, qr_svg


def _when(a) -> str:
    return f"{timezone.localtime(a.starts_at):%Y-%m-%d %H:%M}"


class ActivityList(ListPage):
    """Upcoming activities first; staff (and ``?all=1``) search every activity and may
    download what they found."""

    title, filter_form, row_key = gettext_lazy("Activities"), ActivityFilterForm, "activity"
    download_name, download_action = "activities", Action.VIEW_CAMPAIGNS
    empty_text = gettext_lazy("No activities.")
    columns = [
        Column(gettext_lazy("Title"), "title",
               link=lambda a: reverse("campaigns:activity-detail", args=[a.pk])),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Place"), "place"),
        Column(gettext_lazy("Starts at"), _when),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("Places"), "capacity", page=False),
        Column(gettext_lazy("Confirmed"), "confirmed", page=False),
        Column(gettext_lazy("Waiting"), "waiting", page=False),
        Column(gettext_lazy("Places"), lambda a: f"{a.confirmed}/{a.capacity}"
               + (f" +{a.waiting}" if a.waiting else ""), download=False),
        Column(gettext_lazy("Volunteers"), "volunteers", page=False),
        Column(gettext_lazy("Attended"), "attended", page=False),
    ]

    def get_filter_form(self):
        staff = activity_policy.holds(self.request.user, Action.VIEW_CAMPAIGNS)
        return super().get_filter_form() if staff else None

    def filter_form_kwargs(self):
        return {"communities": communities(self.request.user, Action.VIEW_CAMPAIGNS)}

    def rows(self, d):
        self.upcoming = not any(d.values()) and self.request.GET.get("all") != "1"
        filters = selectors.ActivityFilters(
            q=d.get("q", ""), kind=d.get("kind", ""), state=d.get("state", ""),
            since=d.get("since"), until=d.get("until"),
            area_path=d["community"].path if d.get("community") else "")
        return selectors.activity_list(actor=self.request.user, upcoming=self.upcoming,
                                       filters=filters)

    def actions(self):
        if activity_policy.holds(self.request.user, Action.MANAGE_ACTIVITIES):
            yield _("New activity"), reverse("campaigns:activity-new")
        if self.upcoming:
            yield _("Include past"), "?all=1"
        else:
            yield _("Upcoming only"), self.request.path


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request):
    user = request.user
    if not activity_policy.holds(user, Action.MANAGE_ACTIVITIES):
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
    return render(request, "core/kit/form.html", {"form": form, "title": _("New activity")},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id):
    user = request.user
    activity = selectors.activity_get_for_actor(user, activity_id)
    if not activity_policy.can(user, Action.MANAGE_ACTIVITIES, activity):
        if not activity_policy.holds(user, Action.VIEW_CAMPAIGNS):
            raise Http404()
        raise PermissionDenied()
    local = timezone.localtime
    form = ActivityForm(request.POST or None, initial={
        "title": activity.title, "kind": activity.kind, "place": activity.place,
        "starts_at": local(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(activity.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "capacity": activity.capacity, "volunteer_places": activity.volunteer_places,
        "description": activity.description})
    if request.method == "POST" and form.is_valid():
        if save_form(form, services.activity_update, actor=user, activity=activity,
                **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("campaigns:activity-detail", activity_id=activity.pk)
    return render(request, "core/kit/form.html", {
        "form": form, "title": activity.title,
        "back": reverse("campaigns:activity-detail", args=[activity.pk])},
        status=400 if form.errors else 200)


@login_required
@require_POST
def activity_cancel(request, activity_id):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    form = CancelForm(request.POST)
    back = reverse("campaigns:activity-detail", args=[activity.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return act(request, services.activity_cancel, _("The activity is cancelled."), back,
               activity=activity, reason=form.cleaned_data["reason"])


@login_required
@require_GET
def signups_export(request, activity_id):
    """The sign-up roster of an activity for staff (names, role, state, attendance)."""
    user = request.user
    activity = selectors.activity_get_for_actor(user, activity_id)
    if not activity_policy.can(user, Action.VIEW_CAMPAIGNS, activity):
        raise Http404()
    fmt = request.GET.get("format") if request.GET.get("format") in exports.FORMATS else "xlsx"
    return exports.table(
        actor=request.user, name=f"activity-{activity.pk}-signups", fmt=fmt,
        header=[_("Name"), _("As"), _("State"), _("Attended"), _("Check-in time"),
                _("Signed up")],
        rows=([s.resident.name, s.get_role_display(), s.get_state_display(),
               _("yes") if s.attended else _("no"),
               f"{timezone.localtime(s.checked_in_at):%Y-%m-%d %H:%M}" if s.checked_in_at
               else "", f"{timezone.localtime(s.created_at):%Y-%m-%d %H:%M}"]
              for s in selectors.signup_list(actor=user, activity=activity)))


@login_required
@require_GET
def activity_detail(request, activity_id):
    user = request.user
    activity = selectors.activity_get_for_actor(user, activity_id)
    manage = activity_policy.can(user, Action.MANAGE_ACTIVITIES, activity)
    url = request.build_absolute_uri(reverse("campaigns:check-in",
                                             args=[activity.checkin_token]))
    return render(request, "campaigns/activity_detail.html", {
        "activity": activity, "manage": manage, "mine": selectors.my_signup(user, activity),
        "signups": selectors.signup_list(actor=user, activity=activity),
        "photos": activity.photos.all(), "qr": qr_svg(url) if manage else "",
        "photo_form": PhotoForm() if manage else None,
        "cancel_form": CancelForm() if manage else None,
        "report_form": ReportForm(initial={"report": activity.report}) if manage else None})


@login_required
@require_POST
def sign_up(request, activity_id):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    role = (SignupRole.VOLUNTEER if request.POST.get("role") == SignupRole.VOLUNTEER
            else SignupRole.PARTICIPANT)
    return act(request, services.signup_create, _("Signed up."),
               reverse("campaigns:activity-detail", args=[activity.pk]), activity=activity,
               role=role)


@login_required
@require_POST
def cancel(request, signup_id):
    row = selectors.signup_get_for_actor(request.user, signup_id)
    return act(request, services.signup_cancel, _("Cancelled."),
               reverse("campaigns:activity-detail", args=[row.activity_id]), signup=row)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    activity = selectors.activity_for_token(token)
    if request.method == "POST":
        return act(request, services.activity_check_in, _("Checked in. Welcome!"),
                   reverse("campaigns:check-in", args=[token]), token=token)
    return render(request, "campaigns/check_in.html", {
        "activity": activity, "mine": selectors.my_signup(request.user, activity)})


@login_required
@require_POST
def attendance(request, activity_id):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    ids = [int(i) for i in request.POST.getlist("attended") if i.isdigit()]
    return act(request, services.attendance_mark, _("Attendance saved."),
               reverse("campaigns:activity-detail", args=[activity.pk]), activity=activity,
               attended_ids=ids)


@login_required
@require_POST
def report(request, activity_id):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    form = ReportForm(request.POST)
    back = reverse("campaigns:activity-detail", args=[activity.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return act(request, services.activity_report, _("Report saved."), back,
               activity=activity, report=form.cleaned_data["report"])


@login_required
@require_POST
def photo_add(request, activity_id):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    form = PhotoForm(request.POST, request.FILES)
    back = reverse("campaigns:activity-detail", args=[activity.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return act(request, services.photo_add, _("Photo added."), back, activity=activity,
               upload=form.cleaned_data["image"], caption=form.cleaned_data["caption"])


@login_required
@require_GET
def photo(request, photo_id):
    row = selectors.photo_get_for_actor(request.user, photo_id)
    return FileResponse(row.image.open("rb"))
