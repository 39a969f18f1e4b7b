"""Staff page for residents' personal-data requests, and a resident's own-data page with
its JSON and Excel downloads. Thin: one selector or service per request."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.downloads import Workbook
from shequ.core.errors import DomainError, NotFound
from shequ.registry import selectors as registry_selectors

from . import selectors, services
from .models import RequestKind, RequestState
from .policies import Action, data_requests


def _require(request, action: str) -> None:
    if not data_requests.holds(request.user, action):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def request_list(request):
    """The requests in the user's territory, soonest due first, and the form to log one."""
    _require(request, Action.HANDLE_REQUESTS)
    if request.method == "POST":
        try:
            resident = registry_selectors.resident_get_for_actor(
                request.user, request.POST.get("resident_id"))
            services.data_request_log(actor=request.user, resident=resident,
                                      kind=request.POST.get("kind", ""),
                                      note=request.POST.get("note", ""))
        except NotFound:
            messages.error(request, _("No such resident in your area."))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Request logged."))
        return redirect("privacy:requests")
    state = request.GET.get("state", RequestState.OPEN)
    return render(request, "privacy/request_list.html", {
        "requests": selectors.data_request_list(actor=request.user, state=state)[:500],
        "state": state, "states": RequestState.choices, "kinds": RequestKind.choices,
    })


@login_required
@require_POST
def request_close(request, request_id: int):
    _require(request, Action.HANDLE_REQUESTS)
    try:
        d = selectors.data_request_get_for_actor(request.user, request_id)
        services.data_request_close(actor=request.user, request=d,
                                    state=request.POST.get("state", ""),
                                    outcome=request.POST.get("outcome", ""))
    except NotFound:
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Request closed."))
    return redirect("privacy:requests")


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
