"""Open311 writes: issuing and revoking client keys, the per-key rate limit, and turning a
GeoReport v2 POST into a case through the ledger's intake service.

Every check of a POST happens before anything is written, and the case is created in one
transaction, so a refused request leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shequ.core import audit
from shequ.core.actors import SYSTEM, is_system
from shequ.core.errors import DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.scoping import may
from shequ.ledgers import selectors as ledger_selectors
from shequ.ledgers import services as ledger_services
from shequ.ledgers.models import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    REPORTER_NAME_MAX,
    Case,
    CaseSource,
    Category,
)
from shequ.territory.models import Area, AreaKind

from .errors import Open311Error
from .models import Open311Client


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _check_issuer(actor, area: Area) -> None:
    """The system (the command line), a system administrator, or a district administrator
    over the area; ``None`` is nobody."""
    if is_system(actor) or (getattr(actor, "is_authenticated", False)
                            and actor.can("manage_accounts")):
        return
    if not may(actor, "manage_categories", area.path):
        raise Forbidden()


@transaction.atomic
def client_issue(*, actor, name: str, area: Area, rate_limit_per_minute: int = 60
                 ) -> tuple[Open311Client, str]:
    """Issue a key to a client application; the raw key is returned once, never stored."""
    _check_issuer(actor, area)
    name = (name or "").strip()
    if not name:
        raise DomainError("A client needs a name.", code=ErrorCode.REQUIRED, field="name")
    if area.kind not in (AreaKind.DISTRICT, AreaKind.STREET, AreaKind.COMMUNITY):
        raise DomainError("A client serves a district, street or community.", field="area")
    raw = "o311_" + secrets.token_urlsafe(24)
    client = Open311Client.objects.create(
        name=name[:80], key_hash=_hash(raw), prefix=raw[5:13], area=area,
        rate_limit_per_minute=max(1, int(rate_limit_per_minute)),
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit.record(actor=actor, action="open311_client_issue", entity="open311_client",
                 entity_id=client.pk, summary=f"{client.name} {client.prefix} {area.code}")
    return client, raw


@transaction.atomic
def client_revoke(*, actor, client: Open311Client) -> Open311Client:
    _check_issuer(actor, client.area)
    Open311Client.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    audit.record(actor=actor, action="open311_client_revoke", entity="open311_client",
                 entity_id=client.pk, summary=f"{client.name} {client.prefix}")
    client.refresh_from_db()
    return client


def client_authenticate(raw: str | None) -> Open311Client | None:
    if not raw:
        return None
    client = (Open311Client.objects.select_related("area")
              .filter(key_hash=_hash(raw), revoked_at__isnull=True).first())
    if client is not None:
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > dt.timedelta(minutes=5):
            Open311Client.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


def rate_allow(client: Open311Client, now: dt.datetime | None = None) -> bool:
    """Count one request in the client's current minute; False once the limit is used up.
    Two guarded UPDATEs, so concurrent workers never over-count or let extra requests by."""
    minute = (now or timezone.now()).replace(second=0, microsecond=0)
    if Open311Client.objects.filter(pk=client.pk, window_start=minute,
                                    window_count__lt=client.rate_limit_per_minute
                                    ).update(window_count=F("window_count") + 1):
        return True
    return bool(Open311Client.objects.filter(pk=client.pk).exclude(window_start=minute)
                .update(window_start=minute, window_count=1))


# -- POST requests ---------------------------------------------------------------------------
def _attributes(category: Category, data) -> dict:
    """attribute[code]=value and attribute[code][]=v1&attribute[code][]=v2, checked against
    the service definition; unknown codes are ignored."""
    out = {}
    for attr in category.attributes:
        code, kind = attr["code"], attr["datatype"]
        values = [v for v in data.getlist(f"attribute[{code}][]") + data.getlist(
            f"attribute[{code}]") if str(v).strip() != ""]
        if not values:
            if attr.get("required") and attr.get("variable", True):
                raise Open311Error(400, f"attribute[{code}] is required for service_code "
                                        f"{category.code}")
            continue
        keys = {v["key"] for v in attr.get("values", [])}
        if kind == "multivaluelist":
            bad = [v for v in values if v not in keys]
            if bad:
                raise Open311Error(400, f"attribute[{code}] has values not in its list: "
                                        f"{', '.join(bad)}")
            out[code] = values
            continue
        value = values[0]
        if kind == "singlevaluelist" and value not in keys:
            raise Open311Error(400, f"attribute[{code}] must be one of: {', '.join(sorted(keys))}")
        if kind == "number":
            try:
                float(value)
            except ValueError:
                raise Open311Error(400, f"attribute[{code}] must be a number") from None
        if kind == "datetime":
            try:
                dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise Open311Error(400, f"attribute[{code}] must be an ISO 8601 datetime"
                                   ) from None
        out[code] = value[:500]
    return out


def _coordinates(data) -> tuple[float, float] | None:
    lat_raw, lng_raw = (data.get("lat") or "").strip(), (data.get("long") or "").strip()
    if not lat_raw and not lng_raw:
        return None
    if not lat_raw or not lng_raw:
        raise Open311Error(400, "lat and long must be sent together")
    try:
        lat, lng = float(lat_raw), float(lng_raw)
    except ValueError:
        raise Open311Error(400, "lat and long must be decimal degrees (WGS84)") from None
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90
            and -180 <= lng <= 180):
        raise Open311Error(400, "lat must be within ±90 and long within ±180 (WGS84)")
    return lat, lng


def request_create(*, client: Open311Client, data) -> Case:
    """Validate a GeoReport v2 POST (service_code, a location, attributes, contact) and file
    it as a case from the Open311 channel. Raises Open311Error with the spec's status."""
    code = (data.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code was not provided")
    try:
        category = ledger_selectors.public_category_get(code)
    except NotFound:
        raise Open311Error(404, f"service_code {code} was not found") from None
    point = _coordinates(data)
    address = (data.get("address_string") or "").strip()
    if len(address) > ADDRESS_MAX:
        raise Open311Error(400, f"address_string is limited to {ADDRESS_MAX:,} characters")
    address_id = (data.get("address_id") or "").strip()
    if point is None and not address and not address_id:
        raise Open311Error(400, "A location is required: lat & long, address_string or "
                                "address_id")
    attributes = _attributes(category, data)
    description = (data.get("description") or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise Open311Error(400, f"description is limited to {DESCRIPTION_MAX:,} characters")
    if not description:
        detail = "; ".join(f"{k}: {v}" for k, v in attributes.items())
        description = category.name + (f"（{detail}）" if detail else "")
    media_url = (data.get("media_url") or "").strip()[:500]
    if media_url:
        attributes["_media_url"] = media_url
    path = client.area.path
    building = None
    if address_id:
        building = ledger_selectors.building_by_id(path, address_id)
        if building is None:
            raise Open311Error(404, f"address_id {address_id} was not found")
    if building is None and point is not None:
        building = ledger_selectors.building_near(path, *point)
    if building is None and address:
        building = ledger_selectors.building_named(path, address)
    first, last = (data.get("first_name") or "").strip(), (data.get("last_name") or "").strip()
    # Chinese names are family name first, without a space; Latin names the other way round.
    name = f"{last}{first}" if not (first + last).isascii() else f"{first} {last}".strip()
    if len(name) > REPORTER_NAME_MAX:
        raise Open311Error(400, f"first_name and last_name together are limited to "
                                f"{REPORTER_NAME_MAX} characters")
    try:
        return ledger_services.case_create(
            actor=SYSTEM, category=category, description=description, source=CaseSource.OPEN311,
            source_ref=f"open311:{client.prefix}", building=building,
            area=None if building else client.area, address=address,
            lat=point[0] if point else None, lng=point[1] if point else None,
            reporter_name=name, reporter_phone=data.get("phone") or "",
            attributes=attributes)
    except DomainError as exc:
        raise Open311Error(400, f"{exc.field or 'request'}: {exc.message}") from exc
