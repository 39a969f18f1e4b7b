"""Writes for matters: draft, edit, propose, the party committee's pre-review, start and
finish execution, and what the public page may show."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.actors import user_of
from shequ.core.errors import DomainError
from shequ.core.freetext import clean_text

from ..errors import DeliberationErrorCode
from ..models import DISCLOSABLE, Disclosure, Matter, MatterKind, MatterStatus, Step
from ..policies import Action, matter_policy
from . import history


def _budget(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        budget = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the budget as an amount in yuan."), field="budget") from None
    if budget < 0 or budget >= Decimal("1e12"):
        raise DomainError(_("The budget must be between 0 and 999,999,999,999.99 yuan."),
                          field="budget")
    return budget


def _fields(kind, title, background, budget, budget_source) -> dict:
    if kind not in MatterKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    return {"kind": kind,
            "title": clean_text(title, field="title", model=Matter, required=True,
                                single_line=True, required_message=_("Title is required.")),
            "background": clean_text(background, field="background", model=Matter),
            "budget": _budget(budget),
            "budget_source": clean_text(budget_source, field="budget_source", model=Matter,
                                        single_line=True)}


@transaction.atomic
def matter_create(*, actor, community, kind: str, title: str, background: str = "",
                  budget=None, budget_source: str = "", submit: bool = False) -> Matter:
    """A 三重一大 matter of a community, drafted (or proposed at once with ``submit``)."""
    matter_policy.require(actor, Action.PROPOSE_MATTERS, community)
    user = user_of(actor)
    matter = Matter.objects.create(
        community=community, path=community.path, proposer=user,
        proposer_name=(user.get_full_name() or user.username)[:60] if user else "",
        **_fields(kind, title, background, budget, budget_source))
    history.write(actor=actor, matter=matter, step=Step.CREATE, to=matter.status,
                  before=matter.status)
    if submit:
        return matter_submit(actor=actor, matter=matter)
    return matter


@transaction.atomic
def matter_update(*, actor, matter: Matter, kind: str, title: str, background: str = "",
                  budget=None, budget_source: str = "") -> Matter:
    """Change a draft or a returned matter; once proposed it is what was reviewed."""
    matter_policy.require(actor, Action.PROPOSE_MATTERS, matter)
    matter = history.locked(matter)
    fields = _fields(kind, title, background, budget, budget_source)
    return history.move(actor=actor, matter=matter, step=Step.EDIT, fields=fields)


@transaction.atomic
def matter_submit(*, actor, matter: Matter, note: str = "") -> Matter:
    """Put a draft (or a returned matter, amended) to the party committee's pre-review."""
    matter_policy.require(actor, Action.PROPOSE_MATTERS, matter)
    note = clean_text(note, field="note", limit=2000)
    return history.move(actor=actor, matter=history.locked(matter), step=Step.SUBMIT,
                        note=note)


@transaction.atomic
def matter_review(*, actor, matter: Matter, approve: bool, note: str = "") -> Matter:
    """党组织前置审议: approve for deliberation, or return with comments (required)."""
    matter_policy.require(actor, Action.REVIEW_MATTERS, matter)
    note = clean_text(note, field="note", limit=2000, required=not approve,
                      required_message=_("Say what should change before it is proposed "
                                         "again."))
    matter = history.locked(matter)
    if approve:
        return history.move(actor=actor, matter=matter, step=Step.APPROVE, note=note,
                            fields={"reviewed_at": timezone.now(), "review_note": note})
    return history.move(actor=actor, matter=matter, step=Step.RETURN, note=note,
                        fields={"review_note": note})


@transaction.atomic
def matter_execute(*, actor, matter: Matter, note: str = "") -> Matter:
    """A passed matter goes to the 居委会 for execution."""
    matter_policy.require(actor, Action.EXECUTE_MATTERS, matter)
    note = clean_text(note, field="note", limit=2000)
    return history.move(actor=actor, matter=history.locked(matter), step=Step.EXECUTE,
                        note=note)


@transaction.atomic
def matter_complete(*, actor, matter: Matter, note: str = "") -> Matter:
    """Execution finished (every task at 100 %)."""
    matter_policy.require(actor, Action.EXECUTE_MATTERS, matter)
    note = clean_text(note, field="note", limit=2000)
    matter = history.locked(matter)
    if matter.status == MatterStatus.EXECUTING and matter.progress < 100:
        raise DomainError(_("The tasks are at %(p)s %%; finish them first.")
                          % {"p": matter.progress}, field="progress",
                          code=DeliberationErrorCode.INVALID_TRANSITION)
    return history.move(actor=actor, matter=matter, step=Step.COMPLETE, note=note)


@transaction.atomic
def disclosure_set(*, actor, matter: Matter, field: str, state: str) -> Matter:
    """What the public page shows of ``field``: disclosed, not disclosed, or private. A
    field marked private stays private: disclosing it is refused (personal details of an
    appointment, a contract's terms)."""
    matter_policy.require(actor, Action.PROPOSE_MATTERS, matter)
    if field not in DISCLOSABLE:
        raise DomainError(_("This field cannot be disclosed."), field="field",
                          code=DeliberationErrorCode.UNKNOWN_FIELD)
    if state not in Disclosure.values:
        raise DomainError(_("Choose disclosed, not disclosed or private."), field="state")
    matter = history.locked(matter)
    current = dict(matter.disclosure or {})
    was = current.get(field, str(DISCLOSABLE[field]))
    if was == Disclosure.PRIVATE and state != Disclosure.PRIVATE:
        raise DomainError(_("This field is marked private and is never disclosed."),
                          field="field", code=DeliberationErrorCode.PRIVATE_FIELD)
    if was == state:
        return matter
    current[field] = state
    return history.move(actor=actor, matter=matter, step=Step.DISCLOSE,
                        note=f"{field}: {was} → {state}", fields={"disclosure": current})
