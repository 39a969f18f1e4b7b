"""Cases as a subject of the 监委会 (registered in ``LedgersConfig.ready()`` through the
manifest): comments and flags on a case, the cases' section of the weekly summary, and the
grid workers' monthly score."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shequ.supervision.subjects import Measure, Scorer, Subject, WeeklySection

from .models import Case, CaseState, Ledger, Rating
from .policies import Action, case_policy
from .selectors.supervision import case_week
from .services import supervision as scoring
from .workdays import TZ


def _rate(value) -> str:
    return "—" if value is None else f"{value:.0%}"


def weekly(*, actor, community, start, end) -> WeeklySection | None:
    if not case_policy.can(actor, Action.VIEW_CASES, community):
        return None
    s = case_week(community, start, end)
    figures = [
        (_("Cases received"), s.received), (_("Resolved in the week"), s.resolved),
        (_("Overdue at the end of the week"), len(s.overdue)),
        (_("Satisfaction rate"), _rate(s.satisfaction_rate)),
        (_("Warnings raised"), s.warnings_raised), (_("Warnings closed"), s.warnings_closed),
        (_("Closed in the week"), s.closed),
    ]
    rows = [
        (_("Cases received"), s.received),
        *((str(Ledger(k).label), v) for k, v in s.by_ledger.items()),
        *((_("Now %(state)s") % {"state": str(CaseState(k).label)}, v)
          for k, v in s.by_state.items()),
        (_("Resolved in the week"), s.resolved), (_("Closed in the week"), s.closed),
        (_("Overdue at the end of the week"), len(s.overdue)),
        *((str(Rating(k).label), v) for k, v in s.ratings.items()),
        (_("Satisfaction rate"), "" if s.satisfaction_rate is None
         else f"{s.satisfaction_rate:.1%}"),
        (_("Warnings raised"), s.warnings_raised), (_("Warnings closed"), s.warnings_closed),
    ]
    sheets = [
        (_("Categories"), [_("Category"), _("Ledger"), _("Cases")],
         [(name, str(Ledger(ledger).label), n) for name, ledger, n in s.by_category]),
        (_("Overdue"), [_("Case"), _("Title"), _("Category"), _("Grid"), _("Due at"),
                        _("Assigned to"), _("Status")],
         [(c.pk, c.title, c.category.name, c.grid.name if c.grid_id else "",
           c.due_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M"), str(c.assigned_to or ""),
           c.get_state_display()) for c in s.overdue]),
    ]
    return WeeklySection(title=_("Cases"), template="ledgers/_weekly_cases.html",
                         context={"s": s}, rows=rows, sheets=sheets, figures=figures)


SUBJECT = Subject(
    kind="case",
    label=gettext_lazy("Case"),
    model=Case,
    can_view=lambda actor, case: case_policy.can(actor, Action.VIEW_CASES, case),
    url=lambda case: reverse("ledgers:case-detail", args=[case.pk]),
    title=lambda case: f"#{case.pk} {case.title}",
    weekly=weekly,
    scorer=Scorer(
        person_label=gettext_lazy("Grid worker"),
        people=scoring.grid_workers,
        measure=scoring.measure,
        score=scoring.score,
        criteria=scoring.CRITERIA,
        criteria_text=gettext_lazy(
            "Published criteria: on-time rate 40, satisfaction rate 30, cases not reopened "
            "15, visits 15 (full marks at 20 visits a month). A rate with nothing to measure "
            "is left out and the other weights rescaled. Supervisors may adjust by at most "
            "±10 points with a reason. Scores are stored when computed and not recomputed "
            "silently."),
        measures=(
            Measure("cases_handled", gettext_lazy("Cases handled")),
            Measure("on_time_rate", gettext_lazy("On time"), "rate"),
            Measure("satisfaction_rate", pgettext_lazy("rated", "Satisfaction"), "rate"),
            Measure("reopen_rate", gettext_lazy("Reopened"), "rate"),
            Measure("visit_count", gettext_lazy("Visits")),
        ),
        max_adjustment=scoring.MAX_ADJUSTMENT,
    ),
)
