"""Pages of the shared-resource list: the list (资源共享清单, with a printable copy), the
resource form, a resource's page with its calendar (day or week, server-rendered, one
column on a phone) and the owner's forms for hours, agreement and photos."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act, need, save_form
from shequ.territory.selectors import communities_for

from .. import selectors, services
from ..forms import (
    AgreementForm,
    BookingForm,
    HoursForm,
    MemberForm,
    PhotoForm,
    ResourceFilterForm,
    ResourceForm,
)
from ..policies import Action, is_owner, resource_policy


def detail_url(resource_id) -> str:
    return reverse("resources:resource-detail", args=[resource_id])


class ResourceList(ListPage):
    title = gettext_lazy("Shared resource list")
    action = Action.BOOK
    columns = [
        Column(gettext_lazy("Name"), "name", link=lambda r: detail_url(r.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Owner"), "owner_name"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Location"), "location"),
        Column(gettext_lazy("Capacity"), "capacity"),
        Column(gettext_lazy("Who may book"), "get_bookable_by_display"),
        Column(gettext_lazy("Rules"), "rules", page=False),
    ]
    filter_form = ResourceFilterForm
    download_name, download_action = "resources", Action.VIEW_RESOURCES
    row_key, empty_text = "resource", gettext_lazy("No shared resources yet.")
    template_name = "resources/resource_list.html"

    def rows(self, filters):
        return selectors.resource_list(actor=self.request.user, q=filters.get("q", ""),
                                       kind=filters.get("kind", ""),
                                       capacity=filters.get("capacity"))

    def get(self, request, *args, **kwargs):
        if request.GET.get("print"):
            need(request.user, Action.BOOK)
            return render(request, "resources/resource_print.html", {
                "rows": selectors.resource_list(actor=request.user)[:2000],
                "today": timezone.localdate()})
        return super().get(request, *args, **kwargs)

    def actions(self):
        user = self.request.user
        if resource_policy.holds(user, Action.MANAGE_RESOURCES):
            yield _("New resource"), reverse("resources:resource-new")
        yield _("What is free"), reverse("resources:free")
        yield _("My bookings"), reverse("resources:my-bookings")
        if resource_policy.holds(user, Action.VIEW_RESOURCES):
            yield _("Utilisation"), reverse("resources:utilisation")
            yield _("Platform members"), reverse("resources:member-list")
        yield _("Print"), reverse("resources:resource-list") + "?print=1"


class ResourceNew(FormPage):
    form_class, title, action = ResourceForm, gettext_lazy("New resource"), Action.MANAGE_RESOURCES
    success_message = gettext_lazy("The resource is listed. Set its opening hours.")

    def form_kwargs(self, obj):
        user = self.request.user
        return {"communities": communities_for(user, self.action),
                "units": selectors.platform_units(user)}

    def save(self, obj, data):
        return services.resource_create(actor=self.request.user, **data)

    def success_url(self, row):
        return detail_url(row.pk)

    def back_url(self, obj):
        return reverse("resources:resource-list")


class ResourceEdit(FormPage):
    form_class = ResourceForm

    def get_object(self):
        return selectors.resource_get_for_actor(self.request.user, self.kwargs["resource_id"])

    def check(self, resource):
        resource_policy.require(self.request.user, Action.MANAGE_RESOURCES, resource)

    def initial(self, r):
        return {f: getattr(r, f) for f in ("name", "kind", "location", "capacity",
                                           "bookable_by", "requires_checkin", "rules",
                                           "description")}

    def save(self, resource, data):
        return services.resource_update(actor=self.request.user, resource=resource, **data)

    def success_url(self, row):
        return detail_url(row.pk)

    back_url = success_url

    def page_title(self, resource):
        return resource.name


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@login_required
@require_GET
def resource_detail(request, resource_id):
    """The resource, its rules and agreement, and its calendar: ``?view=day|week&date=``."""
    user = request.user
    resource = selectors.resource_get_for_actor(user, resource_id)
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    view = "day" if request.GET.get("view") == "day" else "week"
    start = day if view == "day" else _week_start(day)
    end = start + dt.timedelta(days=0 if view == "day" else 6)
    step = dt.timedelta(days=1 if view == "day" else 7)
    manage = resource_policy.can(user, Action.MANAGE_RESOURCES, resource)
    return render(request, "resources/resource_detail.html", {
        "resource": resource, **selectors.resource_detail(resource), "manage": manage,
        "owner": is_owner(user, resource), "view": view, "day": day,
        "days": selectors.availability(resource, start, end),
        "previous": start - step, "next": start + step,
        "booking_form": BookingForm(units=selectors.delegate_unit_list(user)),
        "hours_form": _hours_form(resource) if manage else None,
        "agreement_form": AgreementForm() if manage else None,
        "photo_form": PhotoForm() if manage else None,
    })


def _hours_form(resource):
    initial = {}
    for h in resource.hours.all():
        initial[f"opens_{h.weekday}"], initial[f"closes_{h.weekday}"] = h.opens, h.closes
    return HoursForm(initial=initial)


def _managed(request, resource_id):
    resource = selectors.resource_get_for_actor(request.user, resource_id)
    resource_policy.require(request.user, Action.MANAGE_RESOURCES, resource)
    return resource


def _owner_form(request, resource_id, form_class, service, ok: str, args):
    """A manager's form on a resource's page: one service, then back to the page with the
    refusal or ``ok`` as a message. ``args`` turns the valid form into the service's
    keyword arguments."""
    from django.contrib import messages

    resource = _managed(request, resource_id)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        save_form(form, service, actor=request.user, resource=resource, **args(form))
    if form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, ok)
    return redirect(detail_url(resource.pk))


@login_required
@require_POST
def hours_set(request, resource_id):
    return _owner_form(request, resource_id, HoursForm, services.hours_set,
                       _("Opening hours saved."), lambda f: {"hours": f.hours()})


@login_required
@require_POST
def agreement_add(request, resource_id):
    return _owner_form(request, resource_id, AgreementForm, services.agreement_add,
                       _("Agreement saved."), lambda f: f.cleaned_data)


@login_required
@require_POST
def photo_add(request, resource_id):
    return _owner_form(request, resource_id, PhotoForm, services.photo_add, _("Photo added."),
                       lambda f: {"upload": f.cleaned_data["photo"]})


@login_required
@require_POST
def resource_retire(request, resource_id):
    resource = _managed(request, resource_id)
    return act(request, services.resource_retire, _("The resource is retired."),
               detail_url(resource.pk), resource=resource,
               reason=request.POST.get("reason", ""))


@login_required
@require_GET
def stored_file(request, resource_id, token):
    """A photo or signed agreement of a resource the user may see, never a static file."""
    resource = selectors.resource_get_for_actor(request.user, resource_id)
    row = selectors.resource_file(resource, token)
    if row is None:
        raise NotFound()
    return FileResponse(row.file.open("rb"), content_type=row.content_type,
                        as_attachment=not row.content_type.startswith("image/"),
                        filename=row.original_name)


class MemberList(ListPage):
    title = gettext_lazy("Platform members")
    action = Action.VIEW_RESOURCES
    columns = [
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Contact person"), "contact"),
        Column(gettext_lazy("Contact phone"), "contact_phone_masked"),
        Column(gettext_lazy("Hours per month"), "monthly_quota_hours"),
        Column(gettext_lazy("Delegates"),
               lambda m: " ".join(u.username for u in m.delegates.all())),
        Column(gettext_lazy("Active"), "is_active"),
    ]
    download_name, download_action = "platform-members", Action.VIEW_RESOURCES
    row_key, empty_text = "member", gettext_lazy("No unit has joined yet.")

    def rows(self, filters):
        return selectors.member_list(actor=self.request.user)

    def actions(self):
        if resource_policy.holds(self.request.user, Action.MANAGE_RESOURCES):
            yield _("A unit joins"), reverse("resources:member-new")


class MemberNew(FormPage):
    form_class, title, action = MemberForm, gettext_lazy("A unit joins"), Action.MANAGE_RESOURCES
    success_message = gettext_lazy("The unit is a platform member.")

    def form_kwargs(self, obj):
        user = self.request.user
        return {"communities": communities_for(user, self.action),
                "units": selectors.member_units(user)}

    def save(self, obj, data):
        data = dict(data)
        delegates = selectors.delegates_named(data.pop("delegates"))
        return services.member_join(actor=self.request.user, delegates=delegates, **data)

    def success_url(self, row):
        return reverse("resources:member-list")

    back_url = success_url
