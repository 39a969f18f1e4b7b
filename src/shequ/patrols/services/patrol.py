"""On patrol: a member scans a checkpoint's QR code during their shift; the shift is
closed at its end (missed checkpoints flagged, the hours of a volunteer recorded and
verified through the volunteers app, so the points bank pays them by its own rules);
incidents are recorded on the phone and filed in the stability ledger in one step."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import is_system
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.core.uploads import check_photo
from shequ.ledgers.services import case_file_from_module
from shequ.volunteers import services as volunteer_services

from ..errors import PatrolErrorCode
from ..models import (
    CheckIn,
    Checkpoint,
    Incident,
    IncidentCategory,
    Shift,
    ShiftState,
)
from ..policies import Action, incident_policy, own_member_ids, shift_policy

# A scan counts from this long before the band starts to this long after it ends.
EARLY = dt.timedelta(minutes=15)
LATE = dt.timedelta(minutes=30)
# The stability-ledger category an incident is filed under (ledgers' seeded codes).
CASE_CATEGORY = {IncidentCategory.DISPUTE: "conflict_risk"}
DEFAULT_CASE_CATEGORY = "safety_hazard"


@transaction.atomic
def checkpoint_check_in(*, actor, token: str, photo=None, now: dt.datetime | None = None
                        ) -> CheckIn:
    """Record that the member scanning ``token`` passed the checkpoint. Refused: someone
    not in a pool; a checkpoint on none of their shifts that day; a shift that is not
    on now (15 minutes early to 30 late); a second scan of the same checkpoint."""
    now = now or timezone.now()
    point = Checkpoint.objects.select_related("route").filter(token=str(token)[:32]).first()
    if point is None:
        raise NotFound()
    mine = own_member_ids(actor)
    if not mine:
        raise Forbidden(_("You are not in a patrol pool."), code=PatrolErrorCode.NOT_IN_POOL)
    today = timezone.localdate(now)
    shifts = list(Shift.objects.select_for_update().filter(
        member_id__in=mine, route_id=point.route_id,
        date__gte=today - dt.timedelta(days=1), date__lte=today,
        plan__state="published"))
    current = [s for s in shifts if s.starts_at - EARLY <= now <= s.ends_at + LATE
               and s.state in (ShiftState.PLANNED, ShiftState.ON_PATROL)]
    if not current and not any(s.date == today for s in shifts):
        raise Forbidden(_("This checkpoint is not on any of your shifts today."),
                        code=PatrolErrorCode.NOT_ON_SHIFT, field="token")
    if not current:
        raise Conflict(_("Your shift on this route is not on now."),
                       code=PatrolErrorCode.OUTSIDE_SHIFT, field="token")
    shift = current[0]
    if photo is not None:
        check_photo(photo, field="photo", code=PatrolErrorCode.BAD_PHOTO)
    try:
        with transaction.atomic():
            row = CheckIn.objects.create(shift=shift, checkpoint=point,
                                         building_id=point.building_id, at=now,
                                         photo=photo or "", path=shift.path)
    except IntegrityError as exc:
        raise Conflict(_("You have already checked in here on this shift."),
                       code=PatrolErrorCode.ALREADY_CHECKED_IN) from exc
    Shift.objects.filter(pk=shift.pk, state=ShiftState.PLANNED).update(
        state=ShiftState.ON_PATROL)
    audit.record(actor=actor, action="check_in", entity="shift", entity_id=shift.pk,
                 summary=point.label)
    return row


@transaction.atomic
def shift_close(*, actor, shift: Shift, now: dt.datetime | None = None) -> Shift:
    """Close a shift after its end: the checkpoints not scanned are flagged as missed;
    with no scan at all the member was absent. A volunteer who patrolled gets the
    band's hours as verified service (volunteers' ``attendance_mark`` + ``record_verify``,
    which pays the points bank's ``service_hour`` rate)."""
    shift_policy.require(actor, Action.MANAGE_PATROLS, shift)
    now = now or timezone.now()
    if now < shift.ends_at:
        raise Conflict(_("The shift has not ended yet."), code=PatrolErrorCode.SHIFT_NOT_OVER)
    shift = Shift.objects.select_for_update(of=("self",)).select_related(
        "member__volunteer__resident", "route").get(pk=shift.pk)
    if shift.state not in (ShiftState.PLANNED, ShiftState.ON_PATROL):
        raise Conflict(_("This shift is already closed."), code=PatrolErrorCode.SHIFT_CLOSED)
    scanned = set(shift.checkins.values_list("checkpoint_id", flat=True))
    points = list(shift.route.checkpoints.values_list("id", flat=True))
    missed = [p for p in points if p not in scanned]
    state = ShiftState.DONE if scanned else ShiftState.ABSENT
    Shift.objects.filter(pk=shift.pk).update(state=state, missed=missed, closed_at=now)
    shift.state, shift.missed, shift.closed_at = state, missed, now
    audit.record(actor=actor, action="close_shift", entity="shift", entity_id=shift.pk,
                 summary=shift.route.name, after={"state": state, "missed": len(missed)})
    volunteer = shift.member.volunteer
    if scanned and volunteer is not None and volunteer.is_active:
        record = volunteer_services.attendance_mark(
            actor=actor, volunteer=volunteer, source=f"patrol:{shift.pk}",
            title=_("Patrol: %(route)s") % {"route": shift.route.name}, path=shift.path,
            check_in_at=shift.starts_at, check_out_at=shift.ends_at)
        volunteer_services.record_verify(actor=actor, record=record)
    return shift


def shifts_close_due(*, actor, now: dt.datetime | None = None) -> int:
    """Close every shift that has ended (the periodic job, as the system)."""
    now = now or timezone.now()
    if not is_system(actor):
        raise Forbidden()
    n = 0
    due = Shift.objects.filter(state__in=[ShiftState.PLANNED, ShiftState.ON_PATROL],
                               ends_at__lte=now, plan__state="published")
    for shift in due.iterator():
        shift_close(actor=actor, shift=shift, now=now)
        n += 1
    return n


@transaction.atomic
def incident_report(*, actor, category: str, note: str, grid=None, shift: Shift | None = None,
                    building=None, place: str = "", photo=None,
                    now: dt.datetime | None = None) -> Incident:
    """Record an incident: a member on their shift (the grid is the route's), or staff
    and grid workers in the grid. A building, when named, must be in that grid."""
    if shift is not None:
        if shift.member_id not in own_member_ids(actor):
            shift_policy.require(actor, Action.REPORT_INCIDENTS, shift)
        grid = shift.route.grid
    elif grid is None:
        raise DomainError(_("Choose a grid."), field="grid")
    else:
        incident_policy.require(actor, Action.REPORT_INCIDENTS, grid)
    if category not in IncidentCategory.values:
        raise DomainError(_("Choose a category."), field="category")
    note = clean_text(note, field="note", limit=limit_of(Incident, "note"), required=True,
                      required_message=_("Say what happened."))
    place = clean_text(place, field="place", limit=limit_of(Incident, "place"),
                       single_line=True)
    if building is not None and building.grid_id != grid.pk:
        raise DomainError(_("Choose a building of this grid."), field="building")
    if photo is not None:
        check_photo(photo, field="photo", code=PatrolErrorCode.BAD_PHOTO)
    row = Incident.objects.create(
        category=category, grid=grid, building=building, place=place, note=note,
        photo=photo or "", shift=shift, at=now or timezone.now(),
        reported_by=actor if getattr(actor, "pk", None) else None, path=grid.path)
    audit.record(actor=actor, action="report_incident", entity="incident", entity_id=row.pk,
                 summary=row.get_category_display())
    return row


@transaction.atomic
def incident_file_case(*, actor, incident: Incident):
    """File the incident in the stability ledger (稳定) as a patrol case — never public,
    never on Open311 — through ledgers' ``case_file_from_module``; filing twice returns
    the same case."""
    incident_policy.require(actor, Action.REPORT_INCIDENTS, incident)
    incident = (Incident.objects.select_for_update(of=("self",))
                .select_related("grid", "building").get(pk=incident.pk))
    if incident.case_id is not None:
        raise Conflict(_("This incident is already filed as a case."),
                       code=PatrolErrorCode.ALREADY_FILED)
    where = incident.place or (str(incident.building) if incident.building else "")
    case = case_file_from_module(
        source="patrol", source_ref=f"patrol-incident:{incident.pk}",
        category_code=CASE_CATEGORY.get(incident.category, DEFAULT_CASE_CATEGORY),
        title=f"{incident.get_category_display()} {where}".strip()[:60],
        description=incident.note, grid=incident.grid, building=incident.building,
        received_at=incident.at)
    if case.ledger != "stability":
        raise DomainError(_("Incidents are filed in the stability ledger."), field="category")
    Incident.objects.filter(pk=incident.pk).update(case=case)
    incident.case = case
    audit.record(actor=actor, action="file_case", entity="incident", entity_id=incident.pk,
                 summary=case.title, after={"case": case.pk})
    return case

