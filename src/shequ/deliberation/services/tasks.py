"""Execution by the 居委会: tasks in a tree under a passed matter. A leaf's progress is set
(0–100 %); a parent's is the weighted average of its children, recomputed up to the matter
on every change and never set by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.core.freetext import clean_text
from shequ.core.uploads import check_photo

from ..errors import DeliberationErrorCode
from ..models import Evidence, Matter, MatterStatus, Step, Task
from ..policies import Action, matter_policy, task_policy
from . import history
from .meetings import staff_accounts

_CENT = Decimal("0.01")


def _average(rows) -> Decimal:
    total = rows.aggregate(w=Sum("weight"), p=Sum(F("progress") * F("weight")))
    if not total["w"]:
        return Decimal(0)
    return (Decimal(total["p"]) / total["w"]).quantize(_CENT)


def _roll_up(task: Task | None, matter: Matter) -> None:
    """Recompute the parents of ``task`` and the matter (the caller holds the lock)."""
    while task is not None:
        task.progress = _average(Task.objects.filter(parent=task))
        task.save(update_fields=["progress"])
        task = task.parent
    matter.progress = _average(Task.objects.filter(matter=matter, parent=None))
    matter.save(update_fields=["progress"])


def _progress(value) -> Decimal:
    try:
        progress = Decimal(str(value)).quantize(_CENT)
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the progress as a number from 0 to 100."), field="progress",
                          code=DeliberationErrorCode.PROGRESS_RANGE) from None
    if not Decimal(0) <= progress <= Decimal(100):
        raise DomainError(_("Progress is between 0 and 100 %."), field="progress",
                          code=DeliberationErrorCode.PROGRESS_RANGE)
    return progress


@transaction.atomic
def task_add(*, actor, matter: Matter, title: str, parent: Task | None = None, owner=None,
             due_on: dt.date | None = None, weight: int = 1) -> Task:
    """A task of a passed matter (or a sub-task: its parent's progress then follows its
    children)."""
    matter_policy.require(actor, Action.EXECUTE_MATTERS, matter)
    matter = history.locked(matter)
    if matter.status not in (MatterStatus.PASSED, MatterStatus.EXECUTING):
        raise DomainError(_("Only a passed matter is executed."), field="matter",
                          code=DeliberationErrorCode.INVALID_TRANSITION)
    title = clean_text(title, field="title", model=Task, required=True, single_line=True)
    if parent is not None and parent.matter_id != matter.pk:
        raise DomainError(_("The parent task belongs to another matter."), field="parent")
    if owner is not None and not staff_accounts(matter).filter(pk=owner.pk).exists():
        raise DomainError(_("Not a staff account of this community."), field="owner")
    if not 1 <= int(weight or 0) <= 1000:
        raise DomainError(_("The weight is a whole number from 1 to 1000."), field="weight")
    task = Task.objects.create(matter=matter, parent=parent, title=title, owner=owner,
                               due_on=due_on, weight=int(weight), path=matter.path)
    _roll_up(parent, matter)
    history.write(actor=actor, matter=matter, step=Step.TASK,
                  note=_("Task added: %(t)s") % {"t": title})
    return task


@transaction.atomic
def task_progress_set(*, actor, task: Task, progress, note: str = "") -> Task:
    """A leaf task's progress (0–100 %); refused over 100 % and for a parent task, whose
    progress is its children's weighted average."""
    task_policy.require(actor, Action.EXECUTE_MATTERS, task)
    value = _progress(progress)
    matter = history.locked(task.matter)
    task = Task.objects.select_related("parent").get(pk=task.pk)
    if task.children.exists():
        raise DomainError(_("A parent task's progress is the weighted average of its "
                            "sub-tasks; set theirs."), field="progress",
                          code=DeliberationErrorCode.PARENT_PROGRESS)
    note = clean_text(note, field="note", limit=500)
    before = task.progress
    task.progress = value
    task.save(update_fields=["progress"])
    _roll_up(task.parent, matter)
    history.write(actor=actor, matter=matter, step=Step.TASK,
                  note=f"{task.title}: {before} % → {value} % {note}".strip())
    return task


@transaction.atomic
def evidence_add(*, actor, task: Task, photo) -> Evidence:
    """A photo showing the work of a task (JPEG or PNG, at most 8 MB)."""
    task_policy.require(actor, Action.EXECUTE_MATTERS, task)
    check_photo(photo, field="photo", code=DeliberationErrorCode.BAD_PHOTO)
    matter = history.locked(task.matter)
    row = Evidence(task=task, original_name=(photo.name or "photo")[-120:],
                   uploaded_by=actor if getattr(actor, "pk", None) else None)
    row.file.save(photo.name or "photo.jpg", photo, save=False)
    row.save()
    history.write(actor=actor, matter=matter, step=Step.TASK,
                  note=_("Evidence added to %(t)s") % {"t": task.title})
    return row
