"""Writes for the 党建责任 chain: a district item, items derived from it one level down
(street, community, branch), evidence, and closing an item (evidence first)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text, limit_of
from shequ.organizations.models import PartyOrg
from shequ.territory.models import Area, AreaKind

from ..errors import BranchErrorCode
from ..models import NEXT_LEVEL, Evidence, Level, Responsibility
from ..policies import Action, responsibility_policy
from .files import check_file, content_type, safe_name
from .meetings import require_branch

AREA_LEVEL = {AreaKind.DISTRICT: Level.DISTRICT, AreaKind.STREET: Level.STREET,
              AreaKind.COMMUNITY: Level.COMMUNITY}


def _texts(title, detail, owner) -> tuple[str, str, str]:
    return (clean_text(title, field="title", limit=limit_of(Responsibility, "title"),
                       required=True, single_line=True),
            clean_text(detail, field="detail", limit=limit_of(Responsibility, "detail")),
            clean_text(owner, field="owner", limit=limit_of(Responsibility, "owner"),
                       required=True, single_line=True))


def _create(actor, *, parent, level, area, branch, title, detail, owner, due_on):
    title, detail, owner = _texts(title, detail, owner)
    path = branch.path if branch is not None else area.path
    responsibility_policy.require(actor, Action.MANAGE_CHAIN, path)
    try:
        with transaction.atomic():
            row = Responsibility.objects.create(
                parent=parent, level=level, area=area, branch=branch, title=title,
                detail=detail, owner=owner, due_on=due_on, path=path,
                created_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError as exc:
        raise Conflict(_("This item is already passed down there."),
                       code=ErrorCode.DUPLICATE, field="area") from exc
    audit.record(actor=actor, action="create", entity="responsibility", entity_id=row.pk,
                 summary=row.title, after={"level": level, "place": path,
                                           "parent": parent.pk if parent else None,
                                           "owner": owner, "due_on": due_on})
    return row


@transaction.atomic
def responsibility_create(*, actor, area: Area, title: str, owner: str, due_on: dt.date,
                          detail: str = "") -> Responsibility:
    """The head of a chain: an item of the district."""
    if area.kind != AreaKind.DISTRICT:
        raise DomainError(_("A chain starts at the district; derive the others from it."),
                          code=BranchErrorCode.WRONG_LEVEL, field="area")
    return _create(actor, parent=None, level=Level.DISTRICT, area=area, branch=None,
                   title=title, detail=detail, owner=owner, due_on=due_on)


@transaction.atomic
def responsibility_derive(*, actor, parent: Responsibility, owner: str, due_on: dt.date,
                          area: Area | None = None, branch: PartyOrg | None = None,
                          title: str = "", detail: str = "") -> Responsibility:
    """An item one level below ``parent``: a street of its district, a community of its
    street, a branch of its community. It keeps the parent's title unless refined and is
    due no later than the parent."""
    level = NEXT_LEVEL.get(parent.level)
    if level is None:
        raise DomainError(_("A branch's item is the end of the chain."),
                          code=BranchErrorCode.WRONG_LEVEL, field="parent")
    if level == Level.BRANCH:
        if branch is None:
            raise DomainError(_("Choose a party branch."), code=BranchErrorCode.NOT_A_BRANCH,
                              field="branch")
        require_branch(branch)
        area, place = parent.area, branch.path
    else:
        if area is None or AREA_LEVEL.get(area.kind) != level:
            raise DomainError(_("Choose an area one level below the item."),
                              code=BranchErrorCode.WRONG_LEVEL, field="area")
        branch, place = None, area.path
    if not (place.startswith(parent.path + ".") or level == Level.BRANCH and place == parent.path):
        raise DomainError(_("The place lies outside the item it derives from."),
                          code=BranchErrorCode.OUTSIDE_PARENT,
                          field="branch" if level == Level.BRANCH else "area")
    if due_on > parent.due_on:
        raise DomainError(_("Due no later than the item it derives from (%(d)s).")
                          % {"d": parent.due_on}, code=BranchErrorCode.DUE_AFTER_PARENT,
                          field="due_on")
    return _create(actor, parent=parent, level=level, area=area, branch=branch,
                   title=title or parent.title, detail=detail or parent.detail, owner=owner,
                   due_on=due_on)


@transaction.atomic
def evidence_add(*, actor, item: Responsibility, note: str = "", file=None) -> Evidence:
    """Proof an item is carried out (a note, a file or both), by whoever holds the chain
    at the item's own place — not by those below who only see it."""
    responsibility_policy.require(actor, Action.MANAGE_CHAIN, item)
    note = clean_text(note, field="note", limit=limit_of(Evidence, "note"), single_line=True)
    if not note and file is None:
        raise DomainError(_("Add a note or a file."), code=ErrorCode.REQUIRED, field="note")
    row = Evidence(item=item, note=note,
                   uploaded_by=actor if getattr(actor, "pk", None) else None)
    if file is not None:
        check_file(file)
        row.original_name, row.content_type = safe_name(file.name)[-120:], content_type(file)
        row.file.save(safe_name(file.name), file, save=False)
    row.save()
    audit.record(actor=actor, action="add_evidence", entity="responsibility",
                 entity_id=item.pk, summary=note or row.original_name)
    return row


@transaction.atomic
def responsibility_close(*, actor, item: Responsibility) -> Responsibility:
    """Mark an item done today; it needs evidence first."""
    responsibility_policy.require(actor, Action.MANAGE_CHAIN, item)
    item = Responsibility.objects.select_for_update().get(pk=item.pk)
    if item.done_on is not None:
        raise Conflict(_("This item is already done."), code=BranchErrorCode.ALREADY_DONE)
    if not item.evidence.exists():
        raise Conflict(_("Add evidence before closing the item."),
                       code=BranchErrorCode.NO_EVIDENCE)
    item.done_on = timezone.localdate()
    item.save(update_fields=["done_on"])
    audit.record(actor=actor, action="close_item", entity="responsibility", entity_id=item.pk,
                 summary=item.title)
    return item

