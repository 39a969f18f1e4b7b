"""Writes for 民情说吧 / 民情代述: sessions where residents speak, opinions heard there or on
a visit (staff write them down for the resident), the answer given, and what became of
each — a ledger case (filed through ledgers' intake, the link kept) or a matter for
deliberation (a reference: that module sits beside this one)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text
from shequ.ledgers.models import CaseSource
from shequ.ledgers.services import case_create
from shequ.registry.models import Resident
from shequ.territory.models import Area, AreaKind

from ..errors import ServiceErrorCode
from ..models import Opinion, OpinionSession, Outcome, Theme, Visit
from ..policies import Action, opinion_policy, session_policy


@transaction.atomic
def session_create(*, actor, community: Area, title: str, held_on: dt.date | None,
                   place: str = "") -> OpinionSession:
    """A 民情说吧 sitting of a community."""
    if community is None or community.kind != AreaKind.COMMUNITY:
        raise DomainError(_("Choose the community."), code=ErrorCode.REQUIRED, field="community")
    session_policy.require(actor, Action.RECORD_OPINIONS, community)
    if held_on is None:
        raise DomainError(_("Give the date."), code=ErrorCode.REQUIRED, field="held_on")
    row = OpinionSession.objects.create(
        community=community, path=community.path, held_on=held_on,
        title=clean_text(title, field="title", model=OpinionSession, required=True,
                         single_line=True),
        place=clean_text(place, field="place", model=OpinionSession, single_line=True),
        created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="create", entity="opinion_session", entity_id=row.pk,
                 summary=row.title)
    return row


@transaction.atomic
def opinion_record(*, actor, theme: str, text: str, session: OpinionSession | None = None,
                   visit: Visit | None = None, resident: Resident | None = None,
                   speaker: str = "") -> Opinion:
    """An opinion heard at ``session`` or on ``visit`` (one of them), by theme; the
    resident who spoke, when named, must live where the session or visit is."""
    if (session is None) == (visit is None):
        raise DomainError(_("Say where it was heard: a session or a visit."),
                          code=ErrorCode.REQUIRED, field="session")
    where = session or visit
    opinion_policy.require(actor, Action.RECORD_OPINIONS, where.path)
    if theme not in Theme.values:
        raise DomainError(_("Choose a theme."), code=ErrorCode.REQUIRED, field="theme")
    text = clean_text(text, field="text", model=Opinion, required=True,
                      required_message=_("Write the opinion down."))
    community_path = ".".join(where.path.split(".")[:3])
    if resident is not None and not (resident.path == community_path
                                     or resident.path.startswith(community_path + ".")):
        raise DomainError(_("This resident does not live in the community."), field="resident")
    row = Opinion.objects.create(
        session=session, visit=visit, resident=resident, theme=theme, text=text,
        speaker=clean_text(speaker, field="speaker", model=Opinion, single_line=True)
        or (resident.name if resident else ""),
        path=where.path, recorded_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="opinion_record", entity="opinion", entity_id=row.pk,
                 summary=text[:100], after={"theme": theme,
                                            "resident": resident.pk if resident else None})
    return row


def _locked(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().get(pk=opinion.pk)


@transaction.atomic
def opinion_answer(*, actor, opinion: Opinion, answer: str) -> Opinion:
    """The answer given to the resident. An opinion still open becomes answered; one that
    became a case or a deliberation matter keeps that outcome."""
    opinion_policy.require(actor, Action.RECORD_OPINIONS, opinion)
    answer = clean_text(answer, field="answer", model=Opinion, required=True,
                        required_message=_("Write the answer."))
    row = _locked(opinion)
    before = row.answer
    row.answer = answer
    if row.outcome == Outcome.OPEN:
        row.outcome = Outcome.ANSWERED
    row.save(update_fields=["answer", "outcome"])
    audit.record(actor=actor, action="opinion_answer", entity="opinion", entity_id=row.pk,
                 summary=answer[:100], before={"answer": before}, after={"answer": answer})
    return row


def _undecided(row: Opinion) -> None:
    if row.outcome in (Outcome.CASE, Outcome.DELIBERATION):
        raise Conflict(_("This opinion has already become a case or a deliberation matter."),
                       code=ServiceErrorCode.ALREADY_DECIDED, field="outcome")


@transaction.atomic
def opinion_file_case(*, actor, opinion: Opinion, category) -> Opinion:
    """File the opinion as a ledger case (the actor needs to handle cases there) and keep
    the link; an opinion heard on a visit is a visit case at that household."""
    opinion_policy.require(actor, Action.RECORD_OPINIONS, opinion)
    row = _locked(opinion)
    _undecided(row)
    if category is None:
        raise DomainError(_("Choose a category."), code=ErrorCode.REQUIRED, field="category")
    place = ({"household": row.visit.household} if row.visit_id else
             {"area": row.session.community})
    case = case_create(actor=actor, category=category, description=row.text,
                       source=CaseSource.VISIT if row.visit_id else CaseSource.WALK_IN,
                       source_ref=f"services-opinion:{row.pk}", subject=row.resident,
                       reporter_name=row.speaker[:40], **place)
    row.case, row.outcome = case, Outcome.CASE
    row.save(update_fields=["case", "outcome"])
    audit.record(actor=actor, action="opinion_file_case", entity="opinion", entity_id=row.pk,
                 summary=case.title, after={"case": case.pk})
    return row


@transaction.atomic
def opinion_refer(*, actor, opinion: Opinion, deliberation_ref: int | None = None) -> Opinion:
    """Mark the opinion a matter for deliberation (要事联商), with the matter's number once
    it has one."""
    opinion_policy.require(actor, Action.RECORD_OPINIONS, opinion)
    row = _locked(opinion)
    _undecided(row)
    if deliberation_ref is not None:
        try:
            deliberation_ref = int(deliberation_ref)
        except (TypeError, ValueError):
            deliberation_ref = 0
        if deliberation_ref < 1:
            raise DomainError(_("Give the matter's number."), field="deliberation_ref")
    row.outcome, row.deliberation_ref = Outcome.DELIBERATION, deliberation_ref
    row.save(update_fields=["outcome", "deliberation_ref"])
    audit.record(actor=actor, action="opinion_refer", entity="opinion", entity_id=row.pk,
                 summary=row.text[:100], after={"deliberation_ref": deliberation_ref})
    return row
