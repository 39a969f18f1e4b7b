"""Writes of the shared-resource list: resources, their opening hours, agreements and photos,
and the units that join the sharing platform."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError
from shequ.core.freetext import clean_text

from ..errors import ResourceErrorCode
from ..models import (
    Bookers,
    OpeningHours,
    PlatformMember,
    Resource,
    ResourceKind,
    ResourcePhoto,
    SharingAgreement,
    StoredFile,
)
from ..policies import Action, member_policy, resource_policy
from .contacts import contact_fields

MAX_FILE_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/heic"}
DOCUMENT_TYPES = PHOTO_TYPES | {"application/pdf"}
MAX_PHOTOS = 9
FIELDS = ("name", "kind", "location", "description", "rules", "capacity", "bookable_by",
          "requires_checkin")


def _clean(data: dict) -> dict:
    out = {
        "name": clean_text(data.get("name"), field="name", model=Resource, required=True,
                           single_line=True),
        "location": clean_text(data.get("location"), field="location", model=Resource),
        "description": clean_text(data.get("description"), field="description", model=Resource),
        "rules": clean_text(data.get("rules"), field="rules", model=Resource),
        "kind": data.get("kind"), "bookable_by": data.get("bookable_by") or Bookers.RESIDENTS,
        "capacity": data.get("capacity"), "requires_checkin": bool(data.get("requires_checkin")),
    }
    if out["kind"] not in ResourceKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if out["bookable_by"] not in Bookers.values:
        raise DomainError(_("Unknown choice."), field="bookable_by")
    if out["capacity"] is not None and int(out["capacity"]) < 1:
        raise DomainError(_("At least one person, or leave it empty."), field="capacity")
    return out


@transaction.atomic
def resource_create(*, actor, community, owner_unit=None, **data) -> Resource:
    """A resource of the community, or of a unit that is a member of its sharing platform
    (a unit outside the platform shares nothing)."""
    resource_policy.require(actor, Action.MANAGE_RESOURCES, community)
    fields = _clean(data)
    if owner_unit is not None and not PlatformMember.objects.filter(
            unit=owner_unit, community=community, is_active=True).exists():
        raise DomainError(_("The unit has not joined this community's sharing platform."),
                          field="owner_unit")
    row = Resource.objects.create(community=community, owner_unit=owner_unit,
                                  created_by=user_of(actor), path=community.path, **fields)
    audit.record(actor=actor, action="create", entity="resource", entity_id=row.pk,
                 summary=row.name, after={k: fields[k] for k in ("name", "kind")})
    return row


@transaction.atomic
def resource_update(*, actor, resource: Resource, **data) -> Resource:
    """Change a resource's description, capacity, rules and who may book it."""
    resource_policy.require(actor, Action.MANAGE_RESOURCES, resource)
    fields = _clean(data)
    before = {k: getattr(resource, k) for k in FIELDS}
    for k, v in fields.items():
        setattr(resource, k, v)
    resource.save(update_fields=list(fields))
    b, a = audit.diff(before, {k: getattr(resource, k) for k in FIELDS})
    if a:
        audit.record(actor=actor, action="update", entity="resource", entity_id=resource.pk,
                     summary=resource.name, before=b, after=a)
    return resource


@transaction.atomic
def resource_retire(*, actor, resource: Resource, reason: str) -> Resource:
    """Take a resource off the list. Its future live bookings are cancelled with the reason;
    the history stays."""
    from ..models import LIVE, Booking, BookingStatus

    resource_policy.require(actor, Action.MANAGE_RESOURCES, resource)
    reason = clean_text(reason, field="reason", limit=200, required=True)
    if resource.retired_at is not None:
        raise Conflict(_("This resource is already retired."), code=ResourceErrorCode.RETIRED)
    resource.retired_at = timezone.now()
    resource.save(update_fields=["retired_at"])
    n = Booking.objects.filter(resource=resource, status__in=LIVE,
                               starts_at__gte=resource.retired_at).update(
        status=BookingStatus.CANCELLED, reason=reason[:200])
    audit.record(actor=actor, action="retire", entity="resource", entity_id=resource.pk,
                 summary=resource.name, reason=reason, after={"bookings_cancelled": n})
    return resource


@transaction.atomic
def hours_set(*, actor, resource: Resource, hours: dict[int, tuple[dt.time, dt.time] | None]
              ) -> list[OpeningHours]:
    """Replace the opening band of each weekday given (0 = Monday; None closes the day)."""
    resource_policy.require(actor, Action.MANAGE_RESOURCES, resource)
    for day, band in hours.items():
        if not 0 <= int(day) <= 6:
            raise DomainError(_("Unknown weekday."), field="weekday")
        if band is not None and band[1] <= band[0]:
            raise DomainError(_("Closing time must be after opening time."),
                              field=f"closes_{day}")
    OpeningHours.objects.filter(resource=resource, weekday__in=list(hours)).delete()
    rows = OpeningHours.objects.bulk_create(
        OpeningHours(resource=resource, weekday=int(d), opens=b[0], closes=b[1])
        for d, b in sorted(hours.items()) if b is not None)
    audit.record(actor=actor, action="hours_set", entity="resource", entity_id=resource.pk,
                 summary=resource.name,
                 after={str(d): (f"{b[0]:%H:%M}-{b[1]:%H:%M}" if b else "")
                        for d, b in sorted(hours.items())})
    return rows


def store_file(*, actor, upload, types: set[str], field: str) -> StoredFile:
    """Keep an upload under MEDIA_ROOT with a name of our own (no path tricks, no personal
    data in it), refusing other types and files over 10 MB."""
    ctype = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if ctype not in types:
        message = (_("Upload a photo (JPEG, PNG, WebP, HEIC).") if "application/pdf" not in types
                   else _("Upload a photo or a PDF file."))
        raise DomainError(message, code=ResourceErrorCode.FILE_TYPE, field=field)
    if upload.size > MAX_FILE_BYTES:
        raise DomainError(_("A file may be at most 10 MB."), code=ResourceErrorCode.TOO_LARGE,
                          field=field)
    token = secrets.token_hex(16)
    ext = upload.name.rsplit(".", 1)[-1].lower()[:8] if "." in (upload.name or "") else "bin"
    row = StoredFile(token=token, original_name=(upload.name or "file")[-120:],
                     content_type=ctype, size=upload.size, uploaded_by=user_of(actor))
    row.file.save(f"resources/{timezone.localdate():%Y/%m}/{token}.{ext}", upload, save=False)
    row.save()
    return row


@transaction.atomic
def photo_add(*, actor, resource: Resource, upload) -> ResourcePhoto:
    resource_policy.require(actor, Action.MANAGE_RESOURCES, resource)
    if resource.photos.count() >= MAX_PHOTOS:
        raise DomainError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, field="photo")
    stored = store_file(actor=actor, upload=upload, types=PHOTO_TYPES, field="photo")
    row = ResourcePhoto.objects.create(resource=resource, stored=stored)
    audit.record(actor=actor, action="photo_add", entity="resource", entity_id=resource.pk,
                 summary=resource.name)
    return row


@transaction.atomic
def agreement_add(*, actor, resource: Resource, starts_on: dt.date, ends_on: dt.date | None,
                  terms: str, contact: str, contact_phone: str = "",
                  document=None) -> SharingAgreement:
    """共享协议书: the terms a resource is shared on for a period, with the signed copy and
    the contact person (the phone kept encrypted, shown masked)."""
    resource_policy.require(actor, Action.MANAGE_RESOURCES, resource)
    terms = clean_text(terms, field="terms", model=SharingAgreement, required=True)
    contact = contact_fields(model=SharingAgreement, name=contact, phone=contact_phone,
                             required=True)
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The end must not be before the start."), field="ends_on")
    stored = (store_file(actor=actor, upload=document, types=DOCUMENT_TYPES, field="document")
              if document else None)
    row = SharingAgreement.objects.create(resource=resource, starts_on=starts_on,
                                          ends_on=ends_on, terms=terms, document=stored,
                                          **contact)
    audit.record(actor=actor, action="agreement_add", entity="resource",
                 entity_id=resource.pk, summary=f"{starts_on}–{ends_on or ''}")
    return row


@transaction.atomic
def member_join(*, actor, unit, community, contact: str = "", contact_phone: str = "",
                monthly_quota_hours: int | None = None, delegates=()) -> PlatformMember:
    """平台成员: a unit joins a community's sharing platform (again, if it had left)."""
    member_policy.require(actor, Action.MANAGE_RESOURCES, community)
    monthly_quota_hours = _quota(monthly_quota_hours)
    contact = contact_fields(model=PlatformMember, name=contact, phone=contact_phone)
    row, _created = PlatformMember.objects.update_or_create(
        unit=unit, community=community,
        defaults={**contact, "monthly_quota_hours": monthly_quota_hours,
                  "is_active": True, "path": community.path})
    if delegates:
        row.delegates.add(*delegates)
    audit.record(actor=actor, action="member_join", entity="platform_member",
                 entity_id=row.pk, summary=unit.name,
                 after={"quota": monthly_quota_hours, "delegates": len(delegates)})
    return row


def _member_state(row: PlatformMember) -> dict:
    return {"quota": row.monthly_quota_hours,
            "delegates": sorted(row.delegates.values_list("username", flat=True)),
            "contact": row.contact, "contact_phone": row.contact_phone_masked}


MAX_QUOTA_HOURS = 10_000
KEEP = object()  # member_update: leave this field as it is


def _quota(hours) -> int | None:
    """A monthly quota: empty (no cap) or 0..MAX_QUOTA_HOURS whole hours."""
    if hours is None:
        return None
    try:
        hours = int(hours)
    except (TypeError, ValueError):
        hours = -1
    if not 0 <= hours <= MAX_QUOTA_HOURS:
        raise DomainError(_("Enter zero or more hours."), field="monthly_quota_hours")
    return hours


@transaction.atomic
def member_update(*, actor, member: PlatformMember, monthly_quota_hours=KEEP, delegates=KEEP,
                  contact=KEEP, contact_phone=KEEP) -> PlatformMember:
    """Change a platform member's monthly quota (None: no cap), its delegates (the whole
    set: an account left out stops booking for the unit and answering its requests) or its
    contact and their phone. The page's join, the API and ``shequ resources`` all end here
    or in ``member_join``, so the rules and the audit row (phones masked) are the same on
    every door."""
    member_policy.require(actor, Action.MANAGE_RESOURCES, member)
    row = PlatformMember.objects.select_for_update().get(pk=member.pk)
    before = _member_state(row)
    if monthly_quota_hours is not KEEP:
        row.monthly_quota_hours = _quota(monthly_quota_hours)
    if contact is not KEEP or contact_phone is not KEEP:
        keep_phone = contact_phone is KEEP
        cols = contact_fields(model=PlatformMember,
                              name=row.contact if contact is KEEP else contact,
                              phone="" if keep_phone else contact_phone)
        if keep_phone:  # the stored phone stays as it is (it is never sent back in clear)
            cols = {"contact": cols["contact"]}
        for field, value in cols.items():
            setattr(row, field, value)
    row.save(update_fields=["monthly_quota_hours", "contact", "contact_phone_enc",
                            "contact_phone_hash", "contact_phone_masked"])
    if delegates is not KEEP:
        row.delegates.set(list(delegates))
    after = _member_state(row)
    audit.record(actor=actor, action="member_update", entity="platform_member",
                 entity_id=row.pk, summary=row.unit.name,
                 before={k: v for k, v in before.items() if v != after[k]},
                 after={k: v for k, v in after.items() if v != before[k]})
    return row
