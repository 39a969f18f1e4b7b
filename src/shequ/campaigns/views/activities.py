"""Activity pages: the list (residents: their community's; staff: their scope), a new
activity, the activity page (sign up / cancel; staff: QR code, roll call, report,
photos), QR check-in and photo downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.freetext import form_refusal
from shequ.core.kit import Column, FormPage, ListPage, act, act_form, qr_svg
from shequ.core.params import ids_param
from shequ.territory.selectors import communities_for

from .. import selectors, services
from ..forms import ActivityFilterForm, ActivityForm, CancelForm, PhotoForm, ReportForm
from ..models import SignupRole
from ..policies import Action, activity_policy


def _detail(activity_id) -> str:
    return reverse("campaigns:activity-detail", args=[activity_id])


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


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
               link=lambda a: _detail(a.pk)),
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
        return {"communities": communities_for(self.request.user, Action.VIEW_CAMPAIGNS)}

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


class ActivityNew(FormPage):
    form_class, title = ActivityForm, gettext_lazy("New activity")
    action, success_message = Action.MANAGE_ACTIVITIES, ""

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, Action.MANAGE_ACTIVITIES)}

    def save(self, obj, data):
        return services.activity_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _detail(row.pk)


class ActivityEdit(FormPage):
    form_class = ActivityForm

    def get_object(self):
        return selectors.activity_get_for_actor(self.request.user, self.kwargs["activity_id"])

    def check(self, activity):
        activity_policy.require(self.request.user, Action.MANAGE_ACTIVITIES, activity)

    def initial(self, a):
        return {"title": a.title, "kind": a.kind, "place": a.place,
                "starts_at": _local(a.starts_at), "ends_at": _local(a.ends_at),
                "capacity": a.capacity, "volunteer_places": a.volunteer_places,
                "description": a.description}

    def save(self, activity, data):
        return services.activity_update(actor=self.request.user, activity=activity, **data)

    def success_url(self, row):
        return _detail(row.pk)

    back_url = success_url

    def page_title(self, activity):
        return activity.title


def _activity_form(request, activity_id, form_class, service, success: str):
    """A staff button on the activity page that posts a small form (a reason, a report)."""
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    return act_form(request, form_class(request.POST), service, success, _detail(activity.pk),
                    activity=activity)


@login_required
@require_POST
def activity_cancel(request, activity_id):
    return _activity_form(request, activity_id, CancelForm, services.activity_cancel,
                          _("The activity is cancelled."))


@login_required
@require_GET
def signups_export(request, activity_id):
    """The sign-up roster of an activity for staff (names, role, state, attendance)."""
    user = request.user
    activity = selectors.activity_get_for_actor(user, activity_id)
    activity_policy.require(user, Action.VIEW_CAMPAIGNS, activity)
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
               _detail(activity.pk), activity=activity,
               role=role)


@login_required
@require_POST
def cancel(request, signup_id):
    row = selectors.signup_get_for_actor(request.user, signup_id)
    return act(request, services.signup_cancel, _("Cancelled."),
               _detail(row.activity_id), signup=row)


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
    ids = ids_param(request.POST.getlist("attended"))
    return act(request, services.attendance_mark, _("Attendance saved."),
               _detail(activity.pk), activity=activity, attended_ids=ids)


@login_required
@require_POST
def report(request, activity_id):
    return _activity_form(request, activity_id, ReportForm, services.activity_report,
                          _("Report saved."))


@login_required
@require_POST
def photo_add(request, activity_id):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    form = PhotoForm(request.POST, request.FILES)
    back = _detail(activity.pk)
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
