"""Intake: creating a case from any channel, its attachments, and linking duplicates.

``case_create`` is THE way a case comes into being — the grid worker's phone form, the
counter form, the JSON API, Open311 and other modules (patrol incidents, monitoring
rules) all call it — so deadlines, scoping, events and early warning work the same way
whatever the channel."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit, lean
from shequ.core.actors import is_system
from shequ.core.errors import DomainError, ErrorCode, NotFound, from_validation_error
from shequ.registry import pii
from shequ.registry.models import Resident
from shequ.territory.models import Area, AreaKind, Building, Household

from .. import workdays
from ..errors import CaseErrorCode
from ..models import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    REPORTER_NAME_MAX,
    TITLE_MAX,
    Attachment,
    Case,
    CaseEvent,
    CaseSource,
    CaseState,
    Category,
)
from ..policies import VIEW_PEOPLE, Action, case_policy
from ..workflow import Step
from ._limits import limited
from ._retry import retry_when_locked
from .transitions import _actor_fields, apply_step, case_assign, follow_original

MAX_ATTACHMENTS = 9
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {"image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"}


def _coordinate(value, field: str, lo: float, hi: float) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Not a valid coordinate."), field=field) from None
    if not (lo <= d <= hi):
        raise DomainError(_("Not a valid coordinate."), field=field)
    return d


def _place(*, grid, building, household, area) -> tuple[Area | None, Building | None, str]:
    """The grid, building and scope path a new case belongs to, from the most precise
    location given (household → building → grid → area it was filed under)."""
    if household is not None:
        b = household.entrance.building
        if building is not None and building.pk != b.pk:
            raise DomainError(_("The household is not in this building."), field="household")
        building = b
    if building is not None:
        if grid is not None and grid.pk != building.grid_id:
            raise DomainError(_("The building is not in this grid."), field="building")
        grid = building.grid
    if grid is not None:
        if grid.kind != AreaKind.GRID:
            raise DomainError(_("Choose a grid."), field="grid")
        return grid, building, grid.path
    if area is None:
        raise DomainError(_("Say where the case is: a building or a grid."), code=ErrorCode.REQUIRED,
                          field="building")
    return None, None, area.path


def _reporter_columns(reporter: Resident | None, name: str, phone: str) -> dict:
    if reporter is not None and not phone:
        return {"reporter_name": (name or reporter.name)[:REPORTER_NAME_MAX],
                "reporter_phone_enc": reporter.phone_enc,
                "reporter_phone_hash": reporter.phone_hash,
                "reporter_phone_masked": reporter.phone_masked,
                "reporter_phone_tail4": reporter.phone_tail4}
    try:
        cols = pii.phone_columns(phone)
    except ValidationError as exc:
        raise from_validation_error(exc, field="reporter_phone") from exc
    return {"reporter_name": name, "reporter_phone_enc": cols.enc,
            "reporter_phone_hash": cols.hash, "reporter_phone_masked": cols.masked,
            "reporter_phone_tail4": cols.tail4}


@retry_when_locked
def case_create(*, actor, category: Category, description: str, source: str,
                title: str = "", grid: Area | None = None, building: Building | None = None,
                household: Household | None = None, area: Area | None = None,
                address: str = "", lat=None, lng=None, reporter: Resident | None = None,
                subject: Resident | None = None, reporter_name: str = "",
                reporter_phone: str = "", attributes: dict | None = None,
                source_ref: str = "", attachments=(), assign_to_self: bool = False,
                duplicate_of: Case | None = None, received_at: dt.datetime | None = None,
                evaluate_warnings: bool = True, submitted_by=None) -> Case:
    """Take in a case: located by household, building or grid (or, for channels that cannot
    locate it, the area it was filed under, to be routed by staff); due after the
    category's working days; first event ``received``; early warning is evaluated by the
    task worker within seconds of the commit. ``actor`` None is the system (Open311, patrols, rules); a user needs
    ``handle_cases`` over the place. ``submitted_by`` names the signed-in resident a
    system-channel report came from (the portal has checked them): they are recorded as
    its author, no permission is drawn from them. Checks and preparation happen before
    the transaction, which holds only the writes (SQLite's write lock is one for the whole
    database)."""
    if category is None or not category.is_active:
        raise DomainError(_("Choose a category."), code=ErrorCode.REQUIRED, field="category")
    if source not in CaseSource.values:
        raise DomainError(_("Unknown source."), field="source")
    description = limited(description, field="description", maximum=DESCRIPTION_MAX)
    if not description:
        raise DomainError(_("Describe the matter."), code=ErrorCode.REQUIRED, field="description")
    title = limited(title, field="title", maximum=TITLE_MAX)
    address = limited(address, field="address", maximum=ADDRESS_MAX)
    reporter_name = limited(reporter_name, field="reporter_name", maximum=REPORTER_NAME_MAX)
    grid, building, path = _place(grid=grid, building=building, household=household, area=area)
    case_policy.require(actor, Action.HANDLE_CASES, path)
    if reporter is not None:
        # Naming a registered resident puts the case in their "My reports": only someone
        # who may see that resident in the registry may name them.
        if not case_policy.can(actor, VIEW_PEOPLE, reporter):
            raise NotFound()
    lat_d = _coordinate(lat, "lat", -90, 90)
    lng_d = _coordinate(lng, "lng", -180, 180)
    if (lat_d is None) != (lng_d is None):
        raise DomainError(_("Give both latitude and longitude."), field="lat")
    if lat_d is None and building is not None and building.lat is not None:
        lat_d, lng_d = building.lat, building.lng
    if not address and building is not None:
        address = household.address if household is not None else str(building)
    author = submitted_by if is_system(actor) else actor
    received = received_at or timezone.now()
    title = title or description.splitlines()[0][:30]
    case = Case(
        ledger=category.ledger, category=category, title=title, description=description,
        source=source, source_ref=source_ref[:60], state=CaseState.RECEIVED, grid=grid,
        building=building, household=household, address=address[:ADDRESS_MAX], path=path,
        reporter=reporter, subject=subject, lat=lat_d, lng=lng_d, attributes=attributes or {},
        created_by=author if getattr(author, "is_authenticated", False) else None,
        created_at=received, updated_at=received,
        due_at=workdays.due_at(received, category.deadline_working_days),
        **_reporter_columns(reporter, reporter_name, reporter_phone),
    )
    with transaction.atomic():
        # Every intake writes these rows: plain INSERTs (``core.lean``), not compiled ones.
        lean.insert(case)
        event = lean.insert(CaseEvent(case=case, kind=Step.CREATE, to_state=CaseState.RECEIVED,
                                      at=received, data={"source": source},
                                      **_actor_fields(author)))
        audit.record(actor=author, action="case_create", entity="case", entity_id=case.pk,
                     summary=f"#{case.pk} {category.code} {source}",
                     after={"category": category.code, "path": path, "source": source,
                            "reporter_phone": case.reporter_phone_masked,
                            **({"reporter": reporter.pk} if reporter is not None else {})})
        if attachments:
            attachments_store(actor=author, case=case, files=attachments, event=event)
        if duplicate_of is not None:
            case_link_duplicate(actor=actor, case=case, original=duplicate_of)
        elif assign_to_self:
            case_assign(actor=actor, case=case, assignee=actor)
        if evaluate_warnings:
            # Noted here, evaluated by the task worker in a batch: the rules read a grid's
            # weeks, which no request should wait for (nor fail on).
            from ..alerting import after_intake
            after_intake(case.pk)
    if duplicate_of is None and not assign_to_self:
        # Its timeline is the one event just written: callers showing it need not re-read.
        _events_known(case, [event])
    return case


def _events_known(case: Case, events: list[CaseEvent]) -> None:
    """Fill ``case.events.all()`` with what was just written (Django's prefetch cache)."""
    qs = case.events.all()
    qs._result_cache = events
    qs._prefetch_done = True
    case._prefetched_objects_cache = {"events": qs}


def attachments_store(*, actor, case: Case, files, event: CaseEvent | None = None
                      ) -> list[Attachment]:
    """Save uploaded photos/documents under MEDIA_ROOT with names of our own choosing."""
    files = list(files)
    if len(files) + case.attachments.count() > MAX_ATTACHMENTS:
        raise DomainError(_("At most %(n)d attachments per case.") % {"n": MAX_ATTACHMENTS},
                          field="attachments")
    stored = []
    for f in files:
        ctype = (getattr(f, "content_type", "") or "").split(";")[0].strip().lower()
        if ctype not in ATTACHMENT_TYPES:
            raise DomainError(_("Attach photos (JPEG, PNG, WebP, HEIC) or PDF files."),
                              code=CaseErrorCode.FILE_TYPE, field="attachments")
        if f.size > MAX_ATTACHMENT_BYTES:
            raise DomainError(_("An attachment may be at most 10 MB."), code=CaseErrorCode.TOO_LARGE,
                              field="attachments")
        att = Attachment(case=case, event=event, token=secrets.token_hex(16),
                         original_name=(f.name or "file")[-120:], content_type=ctype,
                         size=f.size, uploaded_by=_actor_fields(actor)["actor"])
        att.file.save(f.name or "file", f, save=False)
        att.save()
        stored.append(att)
    audit.record(actor=actor, action="case_attach", entity="case", entity_id=case.pk,
                 summary=f"#{case.pk} {len(stored)} file(s)")
    return stored


@retry_when_locked
@transaction.atomic
def case_link_duplicate(*, actor, case: Case, original: Case, note: str = "") -> Case:
    """Mark ``case`` as a duplicate of ``original``: both stay, the duplicate follows the
    original (resolved and closed with it). Links always point at the first case of a
    group, never at another duplicate."""
    case_policy.require(actor, Action.HANDLE_CASES, case)
    case_policy.require(actor, Action.HANDLE_CASES, original)
    if original.duplicate_of_id:
        original = original.duplicate_of
    if original.pk == case.pk:
        raise DomainError(_("A case cannot duplicate itself."), field="original")
    if case.duplicate_of_id:
        raise DomainError(_("This case is already linked to another one."), code=ErrorCode.DUPLICATE,
                          field="original")
    if not case.is_open:
        raise DomainError(_("Only an open case can be linked as a duplicate."), field="case")
    if Case.objects.filter(duplicate_of=case).exists():
        raise DomainError(_("Other cases follow this one; link them instead."), field="case")
    apply_step(actor=actor, case=case, step=Step.LINK, note=note,
               changes={"duplicate_of": original}, data={"original": original.pk})
    follow_original(actor=actor, original=original)
    case.refresh_from_db()
    return case
