"""One service per workflow step. Each runs in one transaction: it checks the step against
the transitions table, checks the actor, then moves the case with a guarded UPDATE
(``WHERE id = … AND state = <expected> AND version = <seen>``) and appends the event and
the audit row. If the guard matches no row, someone else changed the case first: the
caller gets ``Conflict`` and nothing is written."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import is_system
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.notices.services import notify
from shequ.territory.models import Area, AreaKind

from .. import workdays, workflow
from ..errors import CaseErrorCode
from ..models import NOTE_MAX, Case, CaseEvent, CaseSource, CaseState, EscalationLevel, Rating
from ..policies import (
    Action,
    answers_escalation,
    case_policy,
    grid_worker_grants,
    is_grid_worker_of,
)
from ..workflow import Step
from ._limits import limited
from ._retry import retry_when_locked

ESCALATION_ORDER = {"": 0, EscalationLevel.STREET: 1, EscalationLevel.DISTRICT: 2}


def _actor_fields(actor) -> dict:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return {"actor": user, "actor_name": (str(user) if user else "system")[:150]}


def apply_step(*, actor, case: Case, step: str, to_state: str | None = None, note: str = "",
               changes: dict | None = None, data: dict | None = None) -> CaseEvent:
    """Move ``case`` by ``step`` under the state/version guard and record the event.
    The caller has checked permissions and holds a transaction."""
    from_state = case.state
    note = limited(note, field="note", maximum=NOTE_MAX)
    to = workflow.check(step, from_state, to_state) if step in _STATEFUL else from_state
    now = timezone.now()
    changes = dict(changes or {})
    updated = Case.objects.filter(pk=case.pk, state=from_state, version=case.version).update(
        state=to, version=F("version") + 1, updated_at=now, **changes)
    if updated != 1:
        raise Conflict(_("The case changed meanwhile; reload it and try again."))
    event = CaseEvent.objects.create(case=case, kind=step, from_state=from_state, to_state=to,
                                     at=now, note=note, data=data or {}, **_actor_fields(actor))
    audit.record(actor=actor, action=f"case_{step}", entity="case", entity_id=case.pk,
                 summary=f"#{case.pk} {from_state}→{to}", before={"state": from_state},
                 after={"state": to, **{k: _plain(v) for k, v in changes.items()}},
                 reason=note[:300])
    for key, value in changes.items():
        setattr(case, key, value)
    case.state, case.updated_at = to, now
    case.version += 1
    return event


_STATEFUL = {s for s, _f, _t in workflow.TRANSITIONS}


def _plain(value):
    return getattr(value, "pk", value)


def _handler_check(actor, case: Case) -> None:
    """Starting and resolving: the assigned grid worker, or staff who dispatch cases."""
    case_policy.require(actor, Action.HANDLE_CASES, case)
    if is_system(actor) or case.assigned_to_id == actor.pk:
        return
    if not case_policy.can(actor, Action.ASSIGN_CASES, case):
        raise Forbidden(_("Only the assigned grid worker or community staff may do this."))


def _required_note(note: str, field: str = "note") -> str:
    note = limited(note, field=field, maximum=NOTE_MAX)
    if not note:
        raise DomainError(_("Please write a note."), code=ErrorCode.REQUIRED, field=field)
    return note


def expect_version(case: Case, version: int | None) -> None:
    """Refuse a form or API call made on an older view of the case."""
    if version is not None and int(version) != case.version:
        raise Conflict(_("The case changed meanwhile; reload it and try again."))


@retry_when_locked
@transaction.atomic
def case_assign(*, actor, case: Case, assignee, note: str = "", grid: Area | None = None
                ) -> Case:
    """Give the case to a grid worker of its grid (optionally routing it to ``grid`` first).
    The assigner's scope must cover the case (and the new grid); a grid worker may take a
    case of their own grid themselves; the assignee must be a grid worker of THAT grid. A
    case not routed yet goes to the assignee's grid when they work on exactly one grid of
    the area it waits in; otherwise the grid must be named."""
    if grid is None and case.grid_id is None and assignee is not None:
        # Not routed yet: the assignee's grid, if they work on exactly one in its area.
        grids = {g.area for g in grid_worker_grants(within=case.path).filter(user=assignee)
                 .select_related("area")[:2]}
        grid = grids.pop() if len(grids) == 1 else None
    target = grid or case.grid
    claiming = not is_system(actor) and assignee is not None and assignee.pk == actor.pk
    if claiming and not case_policy.can(actor, Action.ASSIGN_CASES, case):
        case_policy.require(actor, Action.HANDLE_CASES, case)
    else:
        case_policy.require(actor, Action.ASSIGN_CASES, case)
    if grid is not None:
        if grid.kind != AreaKind.GRID:
            raise DomainError(_("Choose a grid."), field="grid")
        if not case_policy.can(actor, Action.ASSIGN_CASES, grid):
            raise DomainError(_("This grid is outside your area."), code=ErrorCode.OUT_OF_SCOPE,
                              field="grid")
    if target is None:
        raise DomainError(_("Choose the grid the case belongs to first."), code=ErrorCode.REQUIRED,
                          field="grid")
    if assignee is None or not is_grid_worker_of(assignee, target):
        raise DomainError(_("The assignee must be a grid worker of this case's grid."),
                          code=CaseErrorCode.NOT_GRID_WORKER, field="assignee")
    changes = {"assigned_to": assignee}
    if grid is not None and grid.pk != case.grid_id:
        changes.update(grid=grid, path=grid.path)
    apply_step(actor=actor, case=case, step=Step.ASSIGN, note=note, changes=changes,
               data={"assignee": assignee.pk, "assignee_name": str(assignee),
                     **({"grid": grid.pk} if "grid" in changes else {})})
    if not claiming:  # the worker is told at once (the notification centre)
        notify(recipients=[assignee], kind="case_assigned", urgency="action",
               title=_("Case assigned to you: %(title)s") % {"title": case.title},
               link=reverse("ledgers:case-detail", args=[case.pk]))
    return case


@retry_when_locked
@transaction.atomic
def case_start(*, actor, case: Case, note: str = "") -> Case:
    """The assigned worker (or staff) starts work on an assigned case."""
    _handler_check(actor, case)
    apply_step(actor=actor, case=case, step=Step.START, note=note)
    return case


@retry_when_locked
@transaction.atomic
def case_resolve(*, actor, case: Case, note: str, attachments=()) -> Case:
    """Record what was done; open duplicates of this case are resolved with it."""
    _handler_check(actor, case)
    note = _required_note(note)
    event = apply_step(actor=actor, case=case, step=Step.RESOLVE, note=note,
                       changes={"resolved_at": timezone.now()})
    if attachments:
        from .cases import attachments_store
        attachments_store(actor=actor, case=case, files=attachments, event=event)
    follow_original(actor=actor, original=case)
    return case


@retry_when_locked
@transaction.atomic
def case_close(*, actor, case: Case, note: str = "") -> Case:
    """Close a resolved case without a rating (e.g. the reporter could not be reached)."""
    case_policy.require(actor, Action.ASSIGN_CASES, case)
    apply_step(actor=actor, case=case, step=Step.CLOSE, note=note,
               changes={"closed_at": timezone.now()})
    follow_original(actor=actor, original=case)
    return case


@retry_when_locked
@transaction.atomic
def case_escalate(*, actor, case: Case, level: str, note: str) -> Case:
    """Pass the case up to the street or the district; only ever upwards."""
    case_policy.require(actor, Action.HANDLE_CASES, case)
    if level not in EscalationLevel.values:
        raise DomainError(_("Escalate to the street or to the district."), field="level")
    if ESCALATION_ORDER[level] <= ESCALATION_ORDER[case.escalation_level or ""]:
        raise workflow.InvalidTransition(_("The case is already at this level or above."))
    note = _required_note(note)
    apply_step(actor=actor, case=case, step=Step.ESCALATE, note=note,
               changes={"escalation_level": level}, data={"level": level})
    return case


@retry_when_locked
@transaction.atomic
def case_return(*, actor, case: Case, note: str) -> Case:
    """The street or district sends the case back down with instructions: to the grid
    worker who had it, or to the community's inbox if nobody was assigned."""
    if case.state != CaseState.ESCALATED:
        workflow.check(Step.RETURN, case.state)
    if not answers_escalation(actor, case.path, case.escalation_level):
        if not case_policy.can(actor, Action.VIEW_CASES, case):
            raise NotFound()
        raise Forbidden(_("Only the level the case was escalated to can send it back."))
    note = _required_note(note, "note")
    to = CaseState.ASSIGNED if case.assigned_to_id else CaseState.RECEIVED
    apply_step(actor=actor, case=case, step=Step.RETURN, to_state=to, note=note,
               changes={"escalation_level": ""}, data={"from_level": case.escalation_level})
    return case


@retry_when_locked
@transaction.atomic
def case_reject(*, actor, case: Case, reason: str) -> Case:
    """Refuse a case that is not ours to handle, with the reason the reporter will see."""
    case_policy.require(actor, Action.ASSIGN_CASES, case)
    reason = _required_note(reason, "reason")
    apply_step(actor=actor, case=case, step=Step.REJECT, note=reason,
               changes={"closed_at": timezone.now()})
    return case


@retry_when_locked
@transaction.atomic
def case_rate(*, actor, case: Case, rating: str, note: str = "") -> Case:
    """The reporter's verdict on a resolved case (recorded by staff on a call-back, or by
    the reporter signed in). 满意/基本满意 close it; 不满意 reopens it once with a fresh
    deadline, and closes it the second time."""
    if not is_reporter(actor, case):
        case_policy.require(actor, Action.HANDLE_CASES, case)
    if rating not in Rating.values:
        raise DomainError(_("Choose a rating."), field="rating")
    now = timezone.now()
    changes = {"rating": rating, "rated_at": now}
    if rating == Rating.UNSATISFIED and case.reopened_count == 0:
        changes.update(reopened_count=1, resolved_at=None,
                       due_at=workdays.due_at(now, case.category.deadline_working_days))
        apply_step(actor=actor, case=case, step=Step.REOPEN, note=note, changes=changes,
                   data={"rating": rating})
    else:
        changes["closed_at"] = now
        apply_step(actor=actor, case=case, step=Step.RATE, note=note, changes=changes,
                   data={"rating": rating})
        follow_original(actor=actor, original=case)
    return case


def is_reporter(actor, case: Case) -> bool:
    """Whether ``actor`` is the person who reported ``case``: the registered resident it
    names, or the signed-in user who filed it on the resident portal."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if case.reporter_id and case.reporter.user_id == actor.pk:
        return True
    return case.source == CaseSource.PORTAL and case.created_by_id == actor.pk


def follow_original(*, actor, original: Case) -> None:
    """Open duplicates move with their original: resolved when it is resolved, resolved and
    closed when it is closed (each step an event naming the original). Runs inside the
    caller's transaction."""
    if original.state not in (CaseState.RESOLVED, CaseState.CLOSED):
        return
    note = _("Handled together with case #%(id)s.") % {"id": original.pk}
    closing = original.state == CaseState.CLOSED
    states = [*OPEN_FOR_FOLLOW, CaseState.RESOLVED] if closing else OPEN_FOR_FOLLOW
    for dup in Case.objects.filter(duplicate_of=original, state__in=states):
        now = timezone.now()
        if dup.state != CaseState.RESOLVED:
            apply_step(actor=actor, case=dup, step=Step.FOLLOW_RESOLVE, note=note,
                       changes={"resolved_at": now}, data={"original": original.pk})
        if closing:
            apply_step(actor=actor, case=dup, step=Step.FOLLOW_CLOSE, note=note,
                       changes={"closed_at": now}, data={"original": original.pk})


OPEN_FOR_FOLLOW = [s for st, s, _t in workflow.TRANSITIONS if st == Step.FOLLOW_RESOLVE]
