"""The resident portal, laid out for a phone: report a matter (signed in, or anyone with a
phone number), see the confirmation, follow one's own reports and rate the result. Someone
who reported without an account checks a report's progress with its number and their
phone; that page is read-only, as ``case_rate`` takes a rating only from a signed-in
reporter or from staff recording it on the call-back.

A report goes through ``services.case_report`` and from there the same intake as every
other channel. The phone number is never written back into a page: confirmations and
lists show the masked form only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.clientip import client_ip
from shequ.core.errors import DomainError, NotFound
from shequ.core.kit import Column, ListPage, need

from .. import selectors, services
from ..forms import RateForm, ReportForm, StatusLookupForm
from ..models import CaseState
from ..policies import Action, case_policy

SESSION_KEY = "ledgers_portal_reports"  # ids of reports filed in this browser session
SESSION_KEEP = 20
STATUS_KEY = "ledgers_portal_status"  # reports this session proved with their phone
STATUS_KEEP = 5
FIELD_OF = {"attachments": "photos", "photos": "photos"}


def _community(raw, resident):
    if raw:
        try:
            return selectors.portal_community_get(raw)
        except NotFound:
            return None
    if resident is not None:
        return selectors.community_of(resident.path)
    return None


def _report_form(request, data=None, files=None):
    signed_in, resident = services.portal_reporter(request.user)
    source = data if data is not None else request.GET
    community = _community(source.get("community"), resident)
    initial = {"community": community.pk if community else None,
               "category": request.GET.get("category")}
    form = ReportForm(data, files, initial=initial,
                      categories=selectors.portal_categories(),
                      communities=selectors.portal_communities(),
                      buildings=selectors.portal_buildings(community),
                      phone_required=not (resident is not None and resident.phone_hash),
                      ask_name=resident is None)
    # Picking a community fetches its buildings (htmx); without script the typed address
    # still locates the building.
    form.fields["community"].widget.attrs.update({
        "hx-get": reverse("ledgers:report-buildings"), "hx-trigger": "change",
        "hx-target": f"#{form['building'].id_for_label}", "hx-swap": "innerHTML"})
    return form, signed_in, resident


def _render_form(request, form, signed_in, resident, status=200, limited=""):
    return render(request, "ledgers/portal_report.html", {
        "form": form, "signed_in": signed_in, "resident": resident, "limited": limited,
    }, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    """GET: the report form. POST: file the report, or show what to correct (400) or that
    the limit is reached (429). Staff are sent to their own intake form."""
    user = request.user
    if (user.is_authenticated and not case_policy.holds(user, Action.REPORT_CASES)
            and case_policy.holds(user, Action.HANDLE_CASES)):
        return redirect("ledgers:case-new")
    if request.method != "POST":
        form, signed_in, resident = _report_form(request)
        return _render_form(request, form, signed_in, resident)
    form, signed_in, resident = _report_form(request, request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, signed_in, resident, status=400)
    d = form.cleaned_data
    try:
        case = services.case_report(
            actor=user, category=d["category"], community=d["community"],
            building=d["building"], address=d["address"], description=d["description"],
            reporter_name=d.get("reporter_name", ""), reporter_phone=d["reporter_phone"],
            attachments=d["photos"], ip=client_ip(request))
    except services.RateLimited as exc:
        return _render_form(request, form, signed_in, resident, status=429,
                            limited=exc.message)
    except DomainError as exc:
        field = FIELD_OF.get(exc.field, exc.field)
        form.add_error(field if field in form.fields else None, exc.message)
        return _render_form(request, form, signed_in, resident, status=400)
    ids = [case.pk, *request.session.get(SESSION_KEY, [])][:SESSION_KEEP]
    request.session[SESSION_KEY] = ids
    return redirect("ledgers:report-done", case_id=case.pk)


@never_cache
@require_GET
def report_done(request, case_id):
    """The confirmation, only in the browser session that filed the report."""
    if case_id not in request.session.get(SESSION_KEY, []):
        raise NotFound()
    case = selectors.report_receipt(case_id)
    mine = (request.user.is_authenticated
            and services.is_reporter(request.user, case))
    return render(request, "ledgers/portal_done.html", {"case": case, "mine": mine})


def _render_lookup(request, form, status=200, limited=""):
    return render(request, "ledgers/portal_status_lookup.html",
                  {"form": form, "limited": limited}, status=status)


@never_cache
@sensitive_post_parameters("phone")
@require_http_methods(["GET", "POST"])
def report_status(request):
    """GET: the look-up form (the number prefilled from ?number=). POST: check the number
    and phone; on success this session may see that report (and only it) until the session
    ends. Every mismatch gets the same message (400); the limit, 429."""
    if request.method != "POST":
        number = request.GET.get("number", "")
        form = StatusLookupForm(initial={"number": number if number.isdigit() else ""})
        return _render_lookup(request, form)
    form = StatusLookupForm(request.POST)
    if not form.is_valid():
        return _render_lookup(request, form, status=400)
    try:
        case = services.report_status_unlock(
            number=form.cleaned_data["number"], phone=form.cleaned_data["phone"],
            ip=client_ip(request))
    except services.RateLimited as exc:
        return _render_lookup(request, form, status=429, limited=exc.message)
    except NotFound as exc:
        form.add_error(None, exc.message)
        return _render_lookup(request, form, status=400)
    granted = [case.pk, *(i for i in request.session.get(STATUS_KEY, []) if i != case.pk)]
    request.session.cycle_key()  # a session fixed beforehand does not inherit the grant
    request.session[STATUS_KEY] = granted[:STATUS_KEEP]
    return redirect("ledgers:report-status-case", case_id=case.pk)


@never_cache
@require_GET
def report_status_case(request, case_id):
    """A report's public status, for a session that proved the phone for it. Without the
    grant, the look-up form whatever the number (no hint whether it exists)."""
    if case_id not in request.session.get(STATUS_KEY, []):
        return redirect(f"{reverse('ledgers:report-status')}?number={case_id}")
    case = selectors.report_status_get(case_id)
    mine = (request.user.is_authenticated
            and services.is_reporter(request.user, case))
    return render(request, "ledgers/portal_status.html", {
        "case": case, "events": selectors.report_timeline(case), "mine": mine,
    })


@require_GET
def report_buildings(request):
    """The building options of one community (the form swaps them in when the community
    changes)."""
    community = _community(request.GET.get("community"), None)
    return render(request, "ledgers/_building_options.html",
                  {"buildings": selectors.portal_buildings(community)})


def _my_report(request, case_id):
    return selectors.my_report_get(request.user, case_id)


class MyReports(ListPage):
    """A signed-in resident's own reports, newest first (phone layout)."""

    title, action, row_key = gettext_lazy("My reports"), Action.REPORT_CASES, "report"
    empty_text = gettext_lazy("You have not reported anything yet.")
    template_name = "ledgers/portal_mine.html"
    columns = [
        Column(gettext_lazy("Report"), lambda c: f"#{c.pk} {c.title}",
               link=lambda c: reverse("ledgers:my-report", args=[c.pk])),
        Column(gettext_lazy("Status"), "get_state_display", template="ledgers/_rate_state.html"),
        Column(gettext_lazy("Category"), "category.name"),
        Column(gettext_lazy("received at"),
               lambda c: f"{timezone.localtime(c.created_at):%Y-%m-%d %H:%M}"),
        Column(gettext_lazy("Your rating"), "get_rating_display"),
    ]

    def rows(self, filters):
        return selectors.my_reports(user=self.request.user)

    def actions(self):
        yield _("Report a problem"), reverse("ledgers:report")


@login_required
@require_GET
def my_report_detail(request, case_id):
    need(request.user, Action.REPORT_CASES)
    case = _my_report(request, case_id)
    return render(request, "ledgers/portal_detail.html", {
        "case": case, "events": selectors.report_timeline(case),
        "rate_form": RateForm() if case.state == CaseState.RESOLVED else None,
    })


@login_required
@require_POST
def my_report_rate(request, case_id):
    """满意 / 基本满意 close the report; 不满意 sends it back once (the rule is the
    service's)."""
    need(request.user, Action.REPORT_CASES)
    case = _my_report(request, case_id)
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating."))
        return redirect("ledgers:my-report", case_id=case.pk)
    try:
        services.expect_version(case, request.POST.get("version"))
        services.case_rate(actor=request.user, case=case, rating=form.cleaned_data["rating"],
                           note=form.cleaned_data["note"])
    except NotFound:
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if case.state == CaseState.CLOSED:
            messages.success(request, _("Thank you for your rating."))
        else:
            messages.success(request, _("Sorry it is not settled yet: your report is being "
                                        "handled again."))
    return redirect("ledgers:my-report", case_id=case.pk)
