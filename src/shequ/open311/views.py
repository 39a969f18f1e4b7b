"""GeoReport v2 endpoints at /open311/v2/ (https://wiki.open311.org/GeoReport_v2).

GET  discovery.{fmt}                  service discovery
GET  services.{fmt}                   public categories (stability never)
GET  services/{service_code}.{fmt}    service definition (attributes)
POST requests.{fmt}                   form-encoded; api_key required → service_request_id
GET  requests.{fmt}                   service_request_id | service_code, start_date, end_date
                                      (90 days at most; the last 90 days by default), status
GET  requests/{id}.{fmt}              one request

``jurisdiction_id`` is optional; when sent it must be the code of a district served here.
Errors are the spec's ``errors`` list with the matching HTTP status.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from shequ.core.errors import NotFound
from shequ.ledgers import selectors as ledger_selectors

from . import formats, selectors, services
from .errors import Open311Error

SPAN = dt.timedelta(days=90)
LIMIT = 1000
STATUS_STATES = {"open": ["received", "assigned", "in_progress", "escalated"],
                 "closed": ["resolved", "closed", "rejected"]}


def _jurisdiction(request):
    """The district a jurisdiction_id names (None when not sent); 404 if unknown."""
    code = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
            or "").strip()
    if not code:
        return None
    district = selectors.district_by_code(code)
    if district is None:
        raise Open311Error(404, "jurisdiction_id provided was not found")
    return district


def _guard(view):
    def wrapper(request, *args, fmt, **kwargs):
        try:
            if request.method not in view.methods:
                raise Open311Error(405, f"{request.method} is not supported here")
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            response = formats.error(fmt, exc.status, exc.description)
            if exc.status == 429:
                response["Retry-After"] = "60"
            return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return csrf_exempt(wrapper)


def methods(*names):
    def mark(view):
        view.methods = set(names)
        return view

    return mark


@methods("GET")
def _discovery(request, fmt):
    url = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": "xml"}))
    return formats.render(fmt, "discovery", {
        "changeset": "2026-11-01T00:00:00+08:00", "contact": "",
        "key_service": "", "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": url.rsplit("/", 1)[0], "changeset": "2026-11-01T00:00:00+08:00",
            "type": "production", "formats": ["text/xml", "application/json"]}]})


@methods("GET")
def _services(request, fmt):
    _jurisdiction(request)
    return formats.render(fmt, "services",
                          [formats.service(c) for c in ledger_selectors.public_categories()])


@methods("GET")
def _service_definition(request, fmt, code):
    _jurisdiction(request)
    try:
        category = ledger_selectors.public_category_get(code)
    except NotFound:
        raise Open311Error(404, f"service_code {code} was not found") from None
    return formats.render(fmt, "service_definition", formats.definition(category))


def _date(request, name) -> dt.datetime | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise Open311Error(400, f"{name} must be a w3 datetime, e.g. 2026-01-01T00:00:00Z"
                           ) from None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=formats.TZ)
    return value


def _list(request, fmt):
    district = _jurisdiction(request)
    area_path = district.path if district else None
    ids_raw = (request.GET.get("service_request_id") or "").strip()
    if ids_raw:
        ids = [i.strip() for i in ids_raw.split(",") if i.strip()]
        if not all(i.isdigit() for i in ids):
            raise Open311Error(400, "service_request_id must be a comma-delimited list of ids")
        cases = ledger_selectors.public_cases(ids=[int(i) for i in ids][:LIMIT])
    else:
        start, end = _date(request, "start_date"), _date(request, "end_date")
        if start and end and end < start:
            raise Open311Error(400, "end_date is before start_date")
        if start and end and end - start > SPAN:
            raise Open311Error(400, "start_date and end_date may not span more than 90 days")
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - SPAN
        if end is None:
            end = start + SPAN
        statuses = [s.strip() for s in (request.GET.get("status") or "").split(",") if s.strip()]
        if any(s not in STATUS_STATES for s in statuses):
            raise Open311Error(400, "status must be open, closed or both (comma delimited)")
        states = [st for s in statuses for st in STATUS_STATES[s]] or None
        codes = [c.strip() for c in (request.GET.get("service_code") or "").split(",")
                 if c.strip()] or None
        cases = ledger_selectors.public_cases(codes=codes, start=start, end=end, states=states,
                                              area_path=area_path, limit=LIMIT)
    return formats.render(fmt, "service_requests", [formats.request(c) for c in cases])


def _create(request, fmt):
    _jurisdiction(request)
    key = request.POST.get("api_key") or request.GET.get("api_key")
    client = services.client_authenticate(key)
    if client is None:
        raise Open311Error(403, "Invalid api_key received -- can't proceed with create_request.")
    if not services.rate_allow(client):
        raise Open311Error(429, "Too many requests for this api_key; try again in a minute.")
    case = services.request_create(client=client, data=request.POST)
    return formats.render(fmt, "service_requests", [{
        "service_request_id": str(case.pk),
        "service_notice": formats.request(case)["service_notice"],
        "account_id": None}])


@methods("GET", "POST")
def _requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@methods("GET")
def _request(request, fmt, request_id):
    _jurisdiction(request)
    try:
        case = ledger_selectors.public_case_get(request_id)
    except NotFound:
        raise Open311Error(404, f"service_request_id {request_id} was not found") from None
    return formats.render(fmt, "service_requests", [formats.request(case)])


discovery = _guard(_discovery)
services_list = _guard(_services)
service_definition = _guard(_service_definition)
requests_view = _guard(_requests)
request_detail = _guard(_request)


@csrf_exempt
def not_found(request, path=""):
    """Any other path under /open311/v2/: the spec's error list, in XML when the path asks
    for XML, else JSON — never the site's HTML page, with DEBUG on or off."""
    fmt = "xml" if path.endswith(".xml") else "json"
    return formats.error(fmt, 404, "No such GeoReport v2 resource")
