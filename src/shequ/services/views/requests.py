"""Request pages: the staff list, a resident's own requests, the request form (a phone
form for the grid worker on a visit: find the resident, pick the service, 代办), the
request's page with its trail and steps, the home-service round and the visit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from shequ.core.errors import NotFound
from shequ.core.figures import in_period
from shequ.core.kit import Column, FormPage, ListPage, act, act_form, save_form
from shequ.registry.selectors import household_members, resident_get_for_actor, resident_of
from shequ.territory.filters import AreaFiltered
from shequ.territory.selectors import household_get_for_actor

from .. import selectors, services
from ..forms import (
    OPEN,
    HandOffForm,
    NoteForm,
    RateForm,
    ReasonForm,
    RequestFilterForm,
    RequestForm,
    ResidentSearchForm,
    VisitForm,
)
from ..models import RequestState
from ..places import needs_home_service
from ..policies import Action, request_policy


def _detail(pk) -> str:
    return reverse("services:request-detail", args=[pk])


def _due(r) -> str:
    if r.due_at is None:
        return ""
    text = f"{timezone.localtime(r.due_at):%Y-%m-%d}"
    if r.is_open and r.due_at < timezone.now():
        return f"{text} · {_('overdue')}"
    return text


COLUMNS = [
    Column(pgettext_lazy("number", "No."), "pk", link=lambda r: _detail(r.pk)),
    Column(gettext_lazy("Service"), "item.name"),
    Column(gettext_lazy("State"), "get_state_display"),
    Column(gettext_lazy("Now with"), "holder"),
    Column(pgettext_lazy("service request", "Due"), _due),
]


class RequestList(AreaFiltered, ListPage):
    title, action = gettext_lazy("Service requests"), Action.VIEW_SERVICES
    columns = COLUMNS[:2] + [
        Column(gettext_lazy("Resident"), "resident.name"),
        Column(gettext_lazy("Taken in"), "get_channel_display"),
        Column(gettext_lazy("代办"), lambda r: _("yes") if r.authorisation_id else ""),
    ] + COLUMNS[2:] + [Column(pgettext_lazy("service request", "Satisfaction"), "rating")]
    filter_form = RequestFilterForm
    row_key, empty_text = "request", gettext_lazy("No service requests.")
    download_name, download_action = "service-requests", Action.VIEW_SERVICES

    def rows(self, filters):
        state, rating = filters.get("state", ""), filters.get("rating")
        qs = selectors.request_list(actor=self.request.user,
                                    state="" if state == OPEN else state, open_only=state == OPEN,
                                    overdue=bool(filters.get("overdue")), rated_least=rating)
        dated = "rated_at" if rating else "created_at"
        return self.in_area(qs, filters).filter(**in_period(filters, dated))

    def actions(self):
        user = self.request.user
        if request_policy.holds(user, Action.HANDLE_REQUESTS):
            yield _("Request a service"), reverse("services:request-new")
            yield _("Home service round"), reverse("services:home-round")
        yield _("Service catalogue"), reverse("services:item-list")


class MyRequests(ListPage):
    title, action = gettext_lazy("My service requests"), Action.SELF_SERVICE
    columns = COLUMNS
    row_key, empty_text = "request", gettext_lazy("You have asked for no service yet.")

    def rows(self, filters):
        return selectors.request_list(actor=self.request.user, mine=True)

    def actions(self):
        yield _("Request a service"), reverse("services:request-new")
        yield _("Service catalogue"), reverse("services:item-list")


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    """Staff: find the resident (registry's scoped search), then the form; a resident:
    the form for themselves."""
    user = request.user
    own = resident_of(user)
    staff = request_policy.holds(user, Action.HANDLE_REQUESTS)
    if not staff and (own is None or not request_policy.holds(user, Action.SELF_SERVICE)):
        raise NotFound()
    rid = request.GET.get("resident") or request.POST.get("resident")
    if staff and not rid:
        search = ResidentSearchForm(request.GET)
        q = search.cleaned_data["q"] if search.is_valid() else ""
        return render(request, "services/request_pick.html", {
            "search": search, "q": q,
            "found": selectors.resident_choices(actor=user, q=q)[:20] if q else []})
    resident = resident_get_for_actor(user, rid) if staff and rid else own
    for_self = own is not None and resident.pk == own.pk
    kwargs = {"items": selectors.offered_to(resident),
              "authorisations": None if for_self else selectors.authorisation_list(
                  actor=user, resident=resident, valid_only=True),
              "home_service": needs_home_service(resident)}
    form = RequestForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        row = save_form(form, services.request_submit, actor=user, resident=resident,
                        channel=form.cleaned_data.get("channel", ""),
                        **{k: v for k, v in form.cleaned_data.items() if k != "channel"})
        if row is not None:
            return redirect(_detail(row.pk))
    return render(request, "services/request_form.html", {
        "form": form, "resident": resident, "for_self": for_self,
        "home_offer": kwargs["home_service"]}, status=400 if form.errors else 200)


@login_required
def request_detail(request, request_id):
    user = request.user
    req = selectors.request_get_for_actor(user, request_id)
    staff = request_policy.can(user, Action.HANDLE_REQUESTS, req)
    mine = resident_of(user) is not None and resident_of(user).pk == req.resident_id
    return render(request, "services/request_detail.html", {
        "req": req, "trail": selectors.request_trail(req), "staff": staff, "mine": mine,
        "due": _due(req), "S": RequestState,
        "handoff_form": HandOffForm(), "note_form": NoteForm(), "reason_form": ReasonForm(),
        "rate_form": RateForm() if req.state == RequestState.COMPLETED and req.rating is None
        and (mine or staff) else None})


STEPS = {
    "accept": (None, services.request_accept, gettext_lazy("Accepted: the time limit runs.")),
    "hand-off": (HandOffForm, services.request_hand_off, gettext_lazy("Handed off.")),
    "complete": (NoteForm, services.request_complete, gettext_lazy("Completed.")),
    "refuse": (ReasonForm, services.request_refuse, gettext_lazy("Refused.")),
    "withdraw": (None, services.request_withdraw, gettext_lazy("Withdrawn.")),
    "rate": (RateForm, services.request_rate, gettext_lazy("Thank you for the rating.")),
}


@login_required
@require_POST
def request_step(request, request_id, step):
    if step not in STEPS:
        raise NotFound()
    req = selectors.request_get_for_actor(request.user, request_id)
    form_class, fn, success = STEPS[step]
    version = {} if step == "rate" else {"version": _version(request.POST.get("version"))}
    if form_class is None:  # the button is the step
        return act(request, fn, str(success), _detail(req.pk), service_request=req,
                   **version)
    return act_form(request, form_class(request.POST), fn, str(success), _detail(req.pk),
                    service_request=req, **version)


def _version(value) -> int | None:
    """The version the page showed (a stale page is told so by the service)."""
    return int(value) if value and str(value).isdigit() else None


class HomeRound(ListPage):
    """Elderly people living alone and disabled residents with no logged visit for 90
    days: the grid worker's round; each row offers the visit log and a request."""

    title, action = gettext_lazy("Home service round"), Action.HANDLE_REQUESTS
    row_key, empty_text = "resident", gettext_lazy("Everyone has had a recent visit.")
    columns = [
        Column(pgettext_lazy("thing", "Name"), "name"),
        Column(gettext_lazy("Tags"), lambda r: "、".join(t.name for t in r.tags.all())),
        Column(gettext_lazy("Address"), "household.address"),
        Column(gettext_lazy("Phone"), "phone_masked"),
        Column("", "pk", template="services/_round_actions.html", download=False),
    ]
    download_name = "home-service-round"

    def rows(self, filters):
        return selectors.home_service_due(actor=self.request.user)

    def context(self):
        return {"hint": _("No logged visit in the last 90 days.")}


class VisitNew(FormPage):
    """Log a household visit that produced no case (it counts in the month)."""

    form_class, action = VisitForm, Action.HANDLE_REQUESTS
    success_message = gettext_lazy("The visit is logged.")
    template_name = "services/visit_form.html"

    def get_object(self):
        return household_get_for_actor(self.request.user, self.request.GET.get("household"))

    def form_kwargs(self, household):
        return {"residents": household_members(actor=self.request.user, household=household)}

    def initial(self, household):
        return {"resident": self.request.GET.get("resident")}

    def page_title(self, household):
        return _("Visit to %(address)s") % {"address": household.address}

    def save(self, household, data):
        return services.visit_log(actor=self.request.user, household=household, **data)

    def success_url(self, row):
        return reverse("services:home-round")

    def back_url(self, household):
        return reverse("services:home-round")


visit_new = VisitNew.as_view()
