"""联席会议 resolutions: assigned to a member unit with a deadline, followed up by status
updates until done; the open ones past their deadline are listed as overdue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import DomainError
from shequ.core.freetext import clean_text
from shequ.organizations.models import Unit
from shequ.registry.selectors import is_within

from ..errors import DeliberationErrorCode
from ..models import MeetingKind, Resolution, ResolutionStatus, ResolutionUpdate
from ..policies import Action, meeting_policy, resolution_policy
from .meetings import open_meeting


@transaction.atomic
def resolution_add(*, actor, meeting, text: str, unit: Unit, due_on: dt.date) -> Resolution:
    """A resolution of a 联席会议 for one unit of the community, due on a date."""
    meeting_policy.require(actor, Action.RUN_MEETINGS, meeting)
    meeting = open_meeting(meeting)
    if meeting.kind != MeetingKind.JOINT:
        raise DomainError(_("Resolutions are assigned by a joint meeting."), field="meeting",
                          code=DeliberationErrorCode.WRONG_MEETING_KIND)
    text = clean_text(text, field="text", model=Resolution, required=True)
    if not isinstance(unit, Unit) or unit.closed_at is not None \
            or not is_within(unit.path, meeting.path):
        raise DomainError(_("Choose an open unit of this community."), field="unit")
    if due_on is None:
        raise DomainError(_("Set a deadline."), field="due_on")
    row = Resolution.objects.create(meeting=meeting, text=text, unit=unit, due_on=due_on,
                                    path=meeting.path)
    audit.record(actor=actor, action="resolution_add", entity="meeting", entity_id=meeting.pk,
                 summary=text[:200], after={"unit": unit.pk, "due_on": due_on})
    return row


@transaction.atomic
def resolution_follow_up(*, actor, resolution: Resolution, status: str,
                         note: str) -> ResolutionUpdate:
    """A follow-up of a resolution: what was done, and its status now."""
    resolution_policy.require(actor, Action.FOLLOW_UP_RESOLUTIONS, resolution)
    if status not in ResolutionStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    note = clean_text(note, field="note", model=ResolutionUpdate, required=True)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    before = resolution.status
    resolution.status = status
    resolution.save(update_fields=["status"])
    row = ResolutionUpdate.objects.create(resolution=resolution, at=timezone.now(),
                                          actor=user_of(actor), status=status, note=note)
    audit.record(actor=actor, action="resolution_follow_up", entity="resolution",
                 entity_id=resolution.pk, summary=note[:200],
                 before={"status": before}, after={"status": status})
    return row
