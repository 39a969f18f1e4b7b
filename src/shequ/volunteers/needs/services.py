"""Service needs and the assignment workflow: matching proposes, staff confirm, the
volunteer accepts or declines (or signs up for an open need by themselves).

Allowed transitions (one function each, guarded by the expected state in the UPDATE):
    proposed  → confirmed (staff)          proposed → cancelled (staff, or a new solve)
    confirmed → accepted | declined (the volunteer)
    accepted  → cancelled (staff or the volunteer, before the need starts)
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.notices.services import notify

from ..errors import VolunteerError
from ..people.models import Volunteer
from ..policies import (
    Action,
    assignment_policy,
    is_self,
    need_policy,
    resident_of,
    user_or_none,
    volunteer_policy,
)
from .models import (
    ACTIVE_ASSIGNMENT_STATES,
    BUSY_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    NeedState,
    ServiceNeed,
)

A = AssignmentState


def _place(building, community) -> tuple[str, float | None, float | None]:
    if building is None:
        return community.path, None, None
    lat = float(building.lat) if building.lat is not None else None
    lng = float(building.lng) if building.lng is not None else None
    return building.path, lat, lng


@transaction.atomic
def need_create(*, actor, title: str, community, starts_at: dt.datetime, ends_at: dt.datetime,
                skill=None, building=None, address: str = "", people_needed: int = 1,
                description: str = "", project=None, requester=None) -> ServiceNeed:
    """Post a need: staff or a grid worker in scope, or a resident asking for themselves
    (the need is then placed at their home)."""
    mine = resident_of(actor)
    if requester is not None and mine is not None and requester.pk == mine.pk:
        building = requester.household.entrance.building
        if not (requester.path + ".").startswith(community.path + "."):
            raise DomainError(_("Choose your own community."), field="community")
    else:
        path = building.path if building is not None else community.path
        need_policy.require(actor, Action.POST_NEEDS, path)
    title = clean_text(title, field="title", limit=limit_of(ServiceNeed, "title"),
                       required=True, required_message=_("Title is required."))
    description = clean_text(description, field="description",
                             limit=limit_of(ServiceNeed, "description"))
    address = clean_text(address, field="address", limit=limit_of(ServiceNeed, "address"))
    if ends_at <= starts_at:
        raise DomainError(_("The end must be after the start."), field="ends_at")
    if not 1 <= int(people_needed) <= 200:
        raise DomainError(_("Between 1 and 200 people."), field="people_needed")
    if building is not None and not building.path.startswith(community.path + "."):
        raise DomainError(_("The building is not in this community."), field="building")
    if project is not None and (project.community_id != community.pk or not project.is_active):
        raise DomainError(_("Choose an active project of this community."), field="project")
    path, lat, lng = _place(building, community)
    need = ServiceNeed.objects.create(
        title=title, description=description, skill=skill, starts_at=starts_at,
        ends_at=ends_at, community=community, building=building,
        address=address or (str(building)[:limit_of(ServiceNeed, "address")]
                            if building else ""), lat=lat, lng=lng,
        people_needed=int(people_needed), project=project, requester=requester,
        posted_by=user_or_none(actor),
        checkin_token=secrets.token_urlsafe(16)[:22], path=path)
    audit.record(actor=actor, action="create", entity="service_need", entity_id=need.pk,
                 summary=need.title,
                 after={"starts_at": starts_at, "people_needed": need.people_needed})
    return need


MAX_REPEAT_WEEKS = 12


@transaction.atomic
def need_create_series(*, actor, weeks: int, starts_at: dt.datetime, ends_at: dt.datetime,
                       **need) -> list[ServiceNeed]:
    """Post the same need on ``weeks`` consecutive weeks (recurring work of a service
    project, e.g. 每周三助餐). All or nothing: one refused week writes no week at all."""
    weeks = int(weeks)
    if not 1 <= weeks <= MAX_REPEAT_WEEKS:
        raise DomainError(_("Repeat for 1 to %(n)d weeks.") % {"n": MAX_REPEAT_WEEKS},
                          field="repeat_weeks")
    step = dt.timedelta(days=7)
    return [need_create(actor=actor, starts_at=starts_at + i * step, ends_at=ends_at + i * step,
                        **need) for i in range(weeks)]


@transaction.atomic
def need_set_state(*, actor, need: ServiceNeed, state: str) -> ServiceNeed:
    """Close a need as done, or cancel it (its pending assignments are cancelled)."""
    need_policy.require(actor, Action.MANAGE_VOLUNTEERS, need)
    if state not in (NeedState.DONE, NeedState.CANCELLED):
        raise DomainError(_("Unknown state."), field="state")
    done = ServiceNeed.objects.filter(
        pk=need.pk, state__in=[NeedState.OPEN, NeedState.FILLED]).update(state=state)
    if not done:
        raise Conflict(_("This need is already closed."), code=VolunteerError.INVALID_TRANSITION)
    if state == NeedState.CANCELLED:
        Assignment.objects.filter(need=need, state__in=ACTIVE_ASSIGNMENT_STATES).update(
            state=A.CANCELLED, decided_at=timezone.now())
    need.state = state
    audit.record(actor=actor, action=state, entity="service_need", entity_id=need.pk,
                 summary=need.title)
    return need


def _refresh_fill(need: ServiceNeed) -> None:
    """Open ↔ filled as the confirmed and accepted volunteers reach the headcount."""
    taken = Assignment.objects.filter(need=need, state__in=BUSY_ASSIGNMENT_STATES).count()
    new = NeedState.FILLED if taken >= need.people_needed else NeedState.OPEN
    ServiceNeed.objects.filter(pk=need.pk, state__in=[NeedState.OPEN, NeedState.FILLED]).update(
        state=new)
    need.state = new


def _busy(volunteer_id: int, starts_at, ends_at, exclude_need: int) -> bool:
    return Assignment.objects.filter(
        volunteer_id=volunteer_id, state__in=BUSY_ASSIGNMENT_STATES,
        starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(need_id=exclude_need).exists()


def _lock_need(need: ServiceNeed) -> ServiceNeed:
    """Serialise headcount decisions on one need (row lock on PostgreSQL; SQLite's
    IMMEDIATE transactions are already serial)."""
    return ServiceNeed.objects.select_for_update().get(pk=need.pk)


@transaction.atomic
def assignment_confirm(*, actor, need: ServiceNeed, volunteer: Volunteer,
                       score: float = 0.0) -> Assignment:
    """Staff confirm a volunteer for a need (a proposal from matching, or their own pick);
    the volunteer is then asked to accept. Refused when the need is full or the volunteer
    is already busy at that time."""
    need_policy.require(actor, Action.MANAGE_VOLUNTEERS, need)
    need = _lock_need(need)
    if need.state != NeedState.OPEN:
        raise Conflict(_("This need is not open."), code=VolunteerError.NEED_FULL)
    if not volunteer.is_active:
        raise DomainError(_("This volunteer is not active."), field="volunteer")
    if not volunteer_policy.can(actor, Action.VIEW_VOLUNTEERS, volunteer):
        raise NotFound()
    if _busy(volunteer.pk, need.starts_at, need.ends_at, need.pk):
        raise Conflict(_("This volunteer is already serving at that time."),
                       code=VolunteerError.BUSY, field="volunteer")
    now = timezone.now()
    row = Assignment.objects.filter(need=need, volunteer=volunteer).first()
    if row is None:
        row = Assignment.objects.create(
            need=need, volunteer=volunteer, state=A.CONFIRMED, score=score,
            starts_at=need.starts_at, ends_at=need.ends_at, decided_at=now,
            confirmed_by=user_or_none(actor), path=need.path)
    elif row.state in (A.PROPOSED, A.CANCELLED, A.DECLINED):
        Assignment.objects.filter(pk=row.pk).update(state=A.CONFIRMED, decided_at=now,
                                                     confirmed_by=user_or_none(actor))
        row.state = A.CONFIRMED
    else:
        raise Conflict(_("This volunteer is already on this need."),
                       code=VolunteerError.INVALID_TRANSITION)
    _refresh_fill(need)
    audit.record(actor=actor, action="confirm", entity="assignment", entity_id=row.pk,
                 summary=f"{need.title} ← {volunteer}")
    # The volunteer is asked to accept: needs action, so at once.
    notify(recipients=[volunteer.resident.user_id], kind="volunteer_assignment",
           urgency="action", title=_("You are asked to serve: %(title)s") % {"title": need.title},
           body=f"{timezone.localtime(need.starts_at):%Y-%m-%d %H:%M}",
           link=reverse("volunteers:me"))
    return row


@transaction.atomic
def assignment_respond(*, actor, assignment: Assignment, accept: bool) -> Assignment:
    """The volunteer accepts or declines a confirmed assignment (on their phone)."""
    volunteer = assignment.volunteer
    if not is_self(actor, volunteer.resident):
        raise NotFound()
    new = A.ACCEPTED if accept else A.DECLINED
    done = Assignment.objects.filter(pk=assignment.pk, state=A.CONFIRMED).update(
        state=new, decided_at=timezone.now())
    if not done:
        raise Conflict(_("This request has already been answered."),
                       code=VolunteerError.INVALID_TRANSITION)
    assignment.state = new
    need = _lock_need(assignment.need)
    _refresh_fill(need)
    audit.record(actor=actor, action=new, entity="assignment", entity_id=assignment.pk,
                 summary=need.title)
    return assignment


@transaction.atomic
def assignment_sign_up(*, actor, need: ServiceNeed) -> Assignment:
    """A volunteer signs up for an open need of their own community by themselves; refused
    when it is full, already started, or clashes with their other commitments."""
    resident = resident_of(actor)
    volunteer = getattr(resident, "volunteer", None) if resident else None
    if volunteer is None or not volunteer.is_active:
        raise Forbidden(_("Register as a volunteer first."), code=VolunteerError.NOT_A_VOLUNTEER)
    community_path = need.community.path
    if not (volunteer.path + ".").startswith(community_path + "."):
        raise NotFound()
    need = _lock_need(need)
    if need.state != NeedState.OPEN or need.starts_at <= timezone.now():
        raise Conflict(_("This need is no longer open."), code=VolunteerError.NEED_FULL)
    if _busy(volunteer.pk, need.starts_at, need.ends_at, need.pk):
        raise Conflict(_("You already serve somewhere else at that time."), code=VolunteerError.BUSY)
    row = Assignment.objects.filter(need=need, volunteer=volunteer).first()
    if row is not None and row.state in BUSY_ASSIGNMENT_STATES:
        raise Conflict(_("You are already signed up."), code=ErrorCode.DUPLICATE)
    if row is None:
        try:
            with transaction.atomic():
                row = Assignment.objects.create(
                    need=need, volunteer=volunteer, state=A.ACCEPTED, starts_at=need.starts_at,
                    ends_at=need.ends_at, decided_at=timezone.now(), path=need.path)
        except IntegrityError as exc:
            raise Conflict(_("You are already signed up."), code=ErrorCode.DUPLICATE) from exc
    else:
        Assignment.objects.filter(pk=row.pk).update(state=A.ACCEPTED, decided_at=timezone.now())
        row.state = A.ACCEPTED
    _refresh_fill(need)
    audit.record(actor=actor, action="sign_up", entity="assignment", entity_id=row.pk,
                 summary=need.title)
    return row


@transaction.atomic
def assignment_cancel(*, actor, assignment: Assignment) -> Assignment:
    """Withdraw a proposal or an accepted assignment before the need starts (staff in
    scope, or the volunteer for their own)."""
    if not is_self(actor, assignment.volunteer.resident):
        assignment_policy.require(actor, Action.MANAGE_VOLUNTEERS, assignment)
    if assignment.starts_at <= timezone.now():
        raise Conflict(_("The work has already started."), code=VolunteerError.INVALID_TRANSITION)
    done = Assignment.objects.filter(pk=assignment.pk, state__in=ACTIVE_ASSIGNMENT_STATES).update(
        state=A.CANCELLED, decided_at=timezone.now())
    if not done:
        raise Conflict(_("Nothing to cancel."), code=VolunteerError.INVALID_TRANSITION)
    assignment.state = A.CANCELLED
    _refresh_fill(_lock_need(assignment.need))
    audit.record(actor=actor, action="cancel", entity="assignment", entity_id=assignment.pk)
    return assignment


@transaction.atomic
def proposals_replace(*, actor, pairs: list[tuple[int, int, float]], needs: list[int]) -> int:
    """Store a solve's proposals ``(need_id, volunteer_id, score)`` for the given needs,
    replacing their earlier unconfirmed proposals. Returns how many were stored."""
    rows = list(ServiceNeed.objects.filter(pk__in=needs).only("pk", "path", "starts_at",
                                                              "ends_at"))
    for need in rows:
        need_policy.require(actor, Action.MANAGE_VOLUNTEERS, need)
    by_id = {n.pk: n for n in rows}
    Assignment.objects.filter(need_id__in=list(by_id), state=A.PROPOSED).delete()
    taken = set(Assignment.objects.filter(need_id__in=list(by_id)).values_list(
        "need_id", "volunteer_id"))
    new = [Assignment(need_id=n, volunteer_id=v, state=A.PROPOSED, score=round(s, 4),
                      starts_at=by_id[n].starts_at, ends_at=by_id[n].ends_at,
                      path=by_id[n].path)
           for n, v, s in pairs if n in by_id and (n, v) not in taken]
    Assignment.objects.bulk_create(new, batch_size=500)
    audit.record(actor=actor, action="propose", entity="service_need", entity_id="batch",
                 summary=f"{len(new)} proposals for {len(by_id)} needs")
    return len(new)


def open_assignment_q() -> Q:
    return Q(state__in=ACTIVE_ASSIGNMENT_STATES)
