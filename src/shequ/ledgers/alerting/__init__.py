"""Early warning (预警): rules evaluated on every new case and by ``shequ run-warnings``.

Statistic for the spike rule: this week's count of new cases in a grid (the 7 days up to
now) is compared with the grid's previous 8 weekly counts; a spike is
``this_week > mean + 3·sd`` (population standard deviation) and ``this_week ≥ 5``.
Thresholds are per district (``WarningRule``), defaults in ``config.DEFAULTS``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import Case
from ..services._retry import retry_when_locked
from .config import DEFAULTS, Settings
from .oncase import evaluate_case
from .rules import RULES, Context, district_range
from .store import Finding, apply_findings

__all__ = ["DEFAULTS", "Finding", "evaluate_case", "evaluate_case_id", "run_all"]

@retry_when_locked
def evaluate_case_id(case_id: int):
    """``evaluate_case`` for a committed case (what intake schedules after its commit)."""
    case = Case.objects.filter(pk=case_id).first()
    return evaluate_case(case) if case is not None else []


def run_all(*, now: dt.datetime | None = None, kinds=None) -> dict[str, int]:
    """The scheduled pass over every district and every active rule."""
    settings = Settings()
    ctx = Context(settings, now or timezone.now())
    counts: dict[str, int] = {}
    for district in settings.districts.values():
        base = Case.objects.filter(district_range(district.path))
        for kind, rule_fn in RULES.items():
            if kinds and kind not in kinds:
                continue
            rule = settings.rule(district, kind)
            if not rule.active:
                continue
            created, extended = apply_findings(rule_fn(ctx, district, rule, base))
            counts[f"{kind}_raised"] = counts.get(f"{kind}_raised", 0) + len(created)
            counts[f"{kind}_extended"] = counts.get(f"{kind}_extended", 0) + extended
    return counts
