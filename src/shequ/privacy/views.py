"""Staff page for residents' personal-data requests, and a resident's own-data page with
its JSON and Excel downloads. Thin: one selector or service per request."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shequ.core.downloads import Workbook
from shequ.core.errors import Forbidden, NotFound
from shequ.core.kit import Column, ListPage, act
from shequ.registry import selectors as registry_selectors

from . import selectors, services
from .models import RequestKind, RequestState
from .policies import Action, data_requests


def _require(request, action: str) -> None:
    if not data_requests.holds(request.user, action):
        raise Forbidden()


class RequestList(ListPage):
    """The requests in the user's territory (?state=, open by default), soonest due first,
    each open one with the form that closes it, and the form to log one."""

    title, row_key = gettext_lazy("Personal data requests"), "request"
    empty_text, template_name = gettext_lazy("No requests here."), "privacy/request_list.html"
    columns = [
        Column(gettext_lazy("resident"), "resident.name"),
        Column(gettext_lazy("Request"), "get_kind_display"),
        Column(gettext_lazy("received on"), lambda d: d.received_on.isoformat()),
        Column(gettext_lazy("due on"), lambda d: d.due_on.isoformat(),
               template="privacy/_due.html"),
        Column(gettext_lazy("what was asked"), "note"),
        Column(gettext_lazy("answer"), "outcome"),
        Column(gettext_lazy("state"), "get_state_display", template="privacy/_close.html"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require(request, Action.HANDLE_REQUESTS)
        return super().dispatch(request, *args, **kwargs)

    def rows(self, filters):
        self.state = self.request.GET.get("state", RequestState.OPEN)
        return selectors.data_request_list(actor=self.request.user, state=self.state)

    def context(self):
        return {"state": self.state, "states": RequestState.choices,
                "kinds": RequestKind.choices}

    def post(self, request):
        """Log a request by resident number."""
        try:
            resident = registry_selectors.resident_get_for_actor(
                request.user, request.POST.get("resident_id"))
        except NotFound:
            messages.error(request, _("No such resident in your area."))
            return redirect("privacy:requests")
        return act(request, services.data_request_log, _("Request logged."),
                   reverse("privacy:requests"), resident=resident,
                   kind=request.POST.get("kind", ""), note=request.POST.get("note", ""))


@login_required
@require_POST
def request_close(request, request_id: int):
    _require(request, Action.HANDLE_REQUESTS)
    d = selectors.data_request_get_for_actor(request.user, request_id)
    return act(request, _close, _("Request closed."), reverse("privacy:requests"),
               data_request=d, state=request.POST.get("state", ""),
               outcome=request.POST.get("outcome", ""))


def _close(*, actor, data_request, state, outcome):
    """``act`` names its own first argument ``request``, as the service names the row."""
    return services.data_request_close(actor=actor, request=data_request, state=state,
                                       outcome=outcome)


def _xlsx(data: dict) -> FileResponse:
    wb = Workbook()  # core's one writer: formula-like text arrives as text
    for name, section in data.items():
        rows = section if isinstance(section, list) else [section]
        if not rows:
            wb.sheet(name)
            continue
        header = list(rows[0])
        sheet = wb.sheet(name, header)
        for row in rows:
            sheet.append(_cell(row[k]) for k in header)
    return FileResponse(wb.to_bytes(), as_attachment=True, filename="my-data.xlsx")


def _cell(value):
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


@never_cache
@login_required
@require_GET
def my_data(request):
    """A resident's own data: the page, or (``?format=json|xlsx``) the download."""
    _require(request, Action.OWN_DATA)
    fmt = request.GET.get("format", "")
    if fmt not in ("json", "xlsx"):
        return render(request, "privacy/my_data.html")
    data = services.own_data_export(user=request.user)
    if fmt == "xlsx":
        return _xlsx(data)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
