"""Matters (三重一大) as a subject of the 监委会 (registered in ``DeliberationConfig.ready()``
through the manifest): comments and flags on a matter or on the step it is at, the matters'
part of the community's weekly summary, and the monthly score of the 居委会 members who own
execution tasks — the same supervision mechanism as cases, not a copy of it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from shequ.accounts.models import User
from shequ.supervision.selectors import month_bounds
from shequ.supervision.subjects import Measure, Scorer, Subject, WeeklySection

from .models import Matter, MatterStatus, Task
from .policies import Action, matter_policy

# Score of a task owner: the share of the month's due tasks completed (70) and their
# average progress (30).
WEIGHTS = {"completed": 70, "progress": 30}


def _leaves(community):
    return Task.objects.filter(matter__community=community, children__isnull=True)


def weekly(*, actor, community, start, end) -> WeeklySection | None:
    if not matter_policy.can(actor, Action.VIEW_MATTERS, community):
        return None
    matters = Matter.objects.filter(community=community)
    proposed = matters.filter(created_at__gte=start, created_at__lt=end).count()
    decided = list(matters.filter(decided_at__gte=start, decided_at__lt=end)
                   .order_by("decided_at", "id"))
    waiting = matters.filter(status=MatterStatus.PROPOSED).count()
    last_day = timezone.localtime(end - dt.timedelta(seconds=1)).date()
    overdue = list(_leaves(community).filter(due_on__lte=last_day, progress__lt=100)
                   .select_related("matter", "owner").order_by("due_on", "id"))
    passed = sum(m.status != MatterStatus.REJECTED for m in decided)
    figures = [(_("Matters proposed"), proposed), (_("Matters decided"), len(decided)),
               (_("Awaiting pre-review"), waiting), (_("Tasks overdue"), len(overdue))]
    rows = [*figures, (_("Passed"), passed), (_("Not passed"), len(decided) - passed)]
    sheets = [
        (_("Matters decided"), [_("Matter"), _("Type"), _("Status"), _("Decided"),
                                _("For"), _("Against"), _("Abstain")],
         [(m.title, m.get_kind_display(), m.get_status_display(),
           timezone.localtime(m.decided_at).strftime("%Y-%m-%d"), m.votes_for,
           m.votes_against, m.votes_abstain) for m in decided]),
        (_("Tasks overdue"), [_("Matter"), _("Task"), pgettext("task", "Owner"),
                              pgettext("resolution", "Deadline"),
                              _("Progress %")],
         [(t.matter.title, t.title, str(t.owner or ""), t.due_on, float(t.progress))
          for t in overdue]),
    ]
    return WeeklySection(title=_("Key matters"), template="deliberation/_weekly_matters.html",
                         context={"decided": decided, "overdue": overdue},
                         rows=rows, sheets=sheets, figures=figures)


def task_owners(community, month: dt.date) -> list[User]:
    start, end = (b.date() for b in month_bounds(month))
    ids = (_leaves(community).filter(due_on__gte=start, due_on__lt=end, owner__isnull=False)
           .values_list("owner_id", flat=True).distinct())
    return list(User.objects.filter(pk__in=list(ids)).order_by("pk"))


def measure(person, community, month: dt.date) -> dict:
    start, end = (b.date() for b in month_bounds(month))
    due = _leaves(community).filter(owner=person, due_on__gte=start, due_on__lt=end)
    m = due.aggregate(n=Count("id"), done=Count("id", filter=Q(progress__gte=100)),
                      progress=Avg("progress"))
    n = m["n"]
    return {"tasks_due": n, "completed_rate": m["done"] / n if n else None,
            "average_progress": round(float(m["progress"]), 1) if n else None}


def score(m: dict) -> float:
    if not m["tasks_due"]:
        return 0.0
    return round(WEIGHTS["completed"] * m["completed_rate"]
                 + WEIGHTS["progress"] * m["average_progress"] / 100, 1)


SUBJECT = Subject(
    kind="matter",
    label=gettext_lazy("Key matter"),
    model=Matter,
    can_view=lambda actor, matter: matter_policy.can(actor, Action.VIEW_MATTERS, matter),
    url=lambda matter: matter.get_absolute_url(),
    title=lambda matter: matter.title,
    weekly=weekly,
    scorer=Scorer(
        person_label=gettext_lazy("Task owner"),
        people=task_owners,
        measure=measure,
        score=score,
        criteria={"weights": WEIGHTS, "version": 1},
        criteria_text=gettext_lazy(
            "Published criteria: of the execution tasks due in the month, the share completed "
            "70 and their average progress 30. Supervisors may adjust by at most ±10 points "
            "with a reason. Scores are stored when computed and not recomputed silently."),
        measures=(
            Measure("tasks_due", gettext_lazy("Tasks due")),
            Measure("completed_rate", gettext_lazy("Completed"), "rate"),
            Measure("average_progress", gettext_lazy("Average progress %")),
        ),
    ),
)
