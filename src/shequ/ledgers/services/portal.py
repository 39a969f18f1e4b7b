"""The resident portal: a resident signed in, or anyone leaving a phone number, reports a
matter in a category open to the public. Reports go through ``case_create`` like every
other channel, so deadlines, routing, duplicate suggestions and early warning apply."""

from __future__ import annotations

import hmac
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, ErrorCode, NotFound, from_validation_error
from shequ.core.scoping import PATH_END
from shequ.core.validators import parse_phone
from shequ.registry import pii
from shequ.registry.models import Resident
from shequ.territory.models import Area, AreaKind, Building

from .. import ratelimit
from ..errors import CaseErrorCode
from ..models import ADDRESS_MAX, REPORTER_NAME_MAX, Case, CaseSource, Category, Ledger
from ..policies import Action
from ..selectors.locating import building_named
from ..selectors.portal import report_status_get
from ._limits import limited
from .cases import case_create

MAX_PORTAL_ATTACHMENTS = 3


class RateLimited(DomainError):
    status = 429
    default_code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str | None = None, **kw):
        super().__init__(message or _(
            "Too many reports in a short time. Please try again later; for an emergency, "
            "call your community directly."), **kw)


def portal_reporter(actor) -> tuple[bool, Resident | None]:
    """(signed in as a reporting resident, their active registry record if linked)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False, None
    if not actor.can(Action.REPORT_CASES):
        return False, None
    resident = getattr(actor, "resident", None)
    if resident is not None and not resident.is_active:
        resident = None
    return True, resident


def _in_area(path: str, area: Area) -> bool:
    return area.path <= path < area.path + PATH_END


def _phone_hash(phone: str) -> str:
    try:
        return pii.phone_columns(phone).hash
    except ValidationError as exc:
        raise from_validation_error(exc, field="reporter_phone") from exc


def case_report(*, actor, category: Category | None, community: Area | None,
                description: str, building: Building | None = None, address: str = "",
                reporter_name: str = "", reporter_phone: str = "", attachments=(),
                ip: str | None = None) -> Case:
    """File a resident's report. Rules: only active categories open to the public (never a
    stability category); a community, and a building only inside it; a callback phone
    unless the signed-in resident's record has one; limits per address, phone and account
    (``RateLimited``, status 429). Everything is checked before the intake transaction,
    which writes the case, its first event and its audit row together or not at all."""
    signed_in, resident = portal_reporter(actor)
    if ratelimit.hit("ip", ip) > ratelimit.limit("ip").count:
        raise RateLimited()
    if signed_in and ratelimit.exhausted("user", str(actor.pk)):
        raise RateLimited()
    if category is None or not category.is_active:
        raise DomainError(_("Choose a category."), code=ErrorCode.REQUIRED, field="category")
    if category.ledger == Ledger.STABILITY or not category.public:
        raise DomainError(_("This category cannot be reported here."),
                          code=CaseErrorCode.CATEGORY_NOT_PUBLIC, field="category")
    if community is None or community.kind != AreaKind.COMMUNITY:
        raise DomainError(_("Choose your community."), code=ErrorCode.REQUIRED, field="community")
    if building is not None and not _in_area(building.path, community):
        raise DomainError(_("The building is not in this community."), field="building")
    phone = (reporter_phone or "").strip()
    if phone:
        phone_hash = _phone_hash(phone)
    elif resident is not None and resident.phone_hash:
        phone_hash = resident.phone_hash
    else:
        raise DomainError(_("Leave a phone number so that staff can call you back."),
                          code=ErrorCode.REQUIRED, field="reporter_phone")
    if ratelimit.exhausted("phone", phone_hash):
        raise RateLimited()
    attachments = list(attachments or ())
    if len(attachments) > MAX_PORTAL_ATTACHMENTS:
        raise DomainError(_("At most %(n)d photos.") % {"n": MAX_PORTAL_ATTACHMENTS},
                          field="photos")
    address = limited(address, field="address", maximum=ADDRESS_MAX)
    if building is None and address:
        building = building_named(community.path, address)
    if not address:
        address = str(building) if building is not None else community.name
    name = (limited(reporter_name, field="reporter_name", maximum=REPORTER_NAME_MAX)
            or (resident.name if resident else ""))
    case = case_create(
        actor=SYSTEM, submitted_by=actor if signed_in else None, category=category,
        description=description, source=CaseSource.PORTAL, building=building,
        area=None if building is not None else community, address=address,
        reporter=resident, reporter_name=name, reporter_phone=phone,
        attachments=attachments)
    ratelimit.hit("phone", phone_hash)
    if signed_in:
        ratelimit.hit("user", str(actor.pk))
    return case


_REPORT_NUMBER = re.compile(r"#?\s*(\d{1,12})")


def lookup_refused_message() -> str:
    """The one answer to every failed look-up: an unknown number, a wrong phone, a report
    that is not the portal's to show."""
    return _("The report number and phone number do not match a report. Check both and "
             "try again.")


def report_status_unlock(*, number: str, phone: str, ip: str | None = None) -> Case:
    """Let an anonymous reporter see their report: the report number from the receipt and
    the phone they reported with, whose keyed hash must equal the stored one. Every failure
    raises the same ``NotFound`` with the same message, after the same work (the phone is
    hashed even when the number is unknown), so the page cannot tell which numbers exist.
    Limits: attempts per address, failed attempts per report number (``RateLimited``);
    the phone is never kept, logged or put in a rate-limit key."""
    if ratelimit.hit("status_ip", ip) > ratelimit.limit("status_ip").count:
        raise RateLimited(_("Too many attempts in a short time. Please try again later."))
    match = _REPORT_NUMBER.fullmatch((number or "").strip())
    case_key = match.group(1).lstrip("0") if match else ""
    if ratelimit.exhausted("status_case", case_key):
        raise RateLimited(_("Too many attempts in a short time. Please try again later."))
    try:
        given = pii.phone_hash(parse_phone(phone or ""))
    except ValidationError:
        given = ""
    case = None
    if case_key:
        try:
            case = report_status_get(int(case_key))
        except NotFound:
            case = None
    stored = case.reporter_phone_hash if case is not None else ""
    if not (given and stored and hmac.compare_digest(given, stored)):
        ratelimit.hit("status_case", case_key)
        raise NotFound(lookup_refused_message())
    return case
