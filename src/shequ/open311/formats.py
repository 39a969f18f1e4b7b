"""GeoReport v2 output: the same data as XML (required by the spec) or JSON (the Spark
convention: the XML's repeated element becomes an array). Dates are w3/ISO 8601 with the
offset (Asia/Shanghai, +08:00); booleans are true/false; text is UTF-8."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET  # nosec B405 # builds XML for output, never parses it
from zoneinfo import ZoneInfo

from django.http import HttpResponse

from shequ.ledgers.selectors import published_address, published_description

TZ = ZoneInfo("Asia/Shanghai")
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


def w3(value: dt.datetime | None) -> str | None:
    return value.astimezone(TZ).isoformat(timespec="seconds") if value else None


def _xml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _to_xml(parent: ET.Element, name: str, value, item_names: dict[str, str]) -> None:
    el = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for k, v in value.items():
            _to_xml(el, k, v, item_names)
    elif isinstance(value, list):
        for v in value:
            _to_xml(el, item_names[name], v, item_names)
    else:
        el.text = _xml_value(value)


ITEM_NAMES = {"services": "service", "service_requests": "request", "attributes": "attribute",
              "values": "value", "errors": "error", "endpoints": "endpoint",
              "formats": "format"}


def render(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """``data`` is the JSON shape; ``root`` names the XML root (services, service_requests,
    service_definition, errors, discovery)."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False)
    else:
        el = ET.Element(root)
        items = data if isinstance(data, list) else None
        if items is not None:
            for item in items:
                _to_xml(el, ITEM_NAMES[root], item, ITEM_NAMES)
        else:
            for k, v in data.items():
                _to_xml(el, k, v, ITEM_NAMES)
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(el, encoding="unicode")
    return HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES[fmt])


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, "errors", [{"code": status, "description": description}], status=status)


def service(category) -> dict:
    return {"service_code": category.code, "service_name": category.name,
            "description": category.description, "metadata": bool(category.attributes),
            "type": "realtime", "keywords": category.keywords.replace(",", ", "),
            "group": str(category.get_ledger_display())}


def definition(category) -> dict:
    return {"service_code": category.code, "attributes": [
        {"variable": a.get("variable", True), "code": a["code"], "datatype": a["datatype"],
         "required": a.get("required", False),
         "datatype_description": a.get("datatype_description") or None,
         "order": a.get("order", i), "description": a.get("description", ""),
         "values": [{"key": v["key"], "name": v["name"]} for v in a.get("values", [])]}
        for i, a in enumerate(category.attributes, 1)]}


def request(case) -> dict:
    """One service request. Only what the public may see: no reporter, no notes, and no
    description or address unless the public itself filed the case (a grid worker's
    visit record may name a household) — and then with personal data masked."""
    from django.utils.translation import gettext as _

    closed = case.state in ("resolved", "closed", "rejected")
    community = case.grid.parent if case.grid_id else None
    return {
        "service_request_id": str(case.pk),
        "status": "closed" if closed else "open",
        "status_notes": str(case.get_state_display()),
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": published_description(case),
        "agency_responsible": community.name if community else None,
        "service_notice": _("To be handled within %(n)d working days.")
        % {"n": case.category.deadline_working_days},
        "requested_datetime": w3(case.created_at),
        "updated_datetime": w3(case.closed_at or case.resolved_at or case.updated_at)
        if closed else w3(case.updated_at),
        "expected_datetime": w3(case.due_at),
        "address": published_address(case),
        "address_id": str(case.building_id) if case.building_id else None,
        "zipcode": None,
        "lat": float(case.lat) if case.lat is not None else None,
        "long": float(case.lng) if case.lng is not None else None,
        "media_url": None,
    }
