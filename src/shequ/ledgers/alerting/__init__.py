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

__all__ = ["DEFAULTS", "Finding", "after_intake", "evaluate_case", "evaluate_case_id",
           "run_all"]

@retry_when_locked
def evaluate_case_id(case_id: int, *, grid_rules: bool = True, case_rules: bool = True):
    """``evaluate_case`` for a committed case."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return []
    return evaluate_case(case, grid_rules=grid_rules, case_rules=case_rules)


# Under a burst of intake, a grid's window rules (cluster, spike) run at most once per
# COALESCE_SECONDS for one category: they count the whole window, so one run after the
# burst sees every case of it. The first case of a quiet grid is evaluated at once, and a
# case arriving inside the window queues one deferred run at its end, so no case waits
# longer than that (or for the next scheduled pass when no task worker runs). The rules
# about the case itself (repeat appeals, key persons) always run at once.
COALESCE_SECONDS = 10


def after_intake(case_id: int, grid_id: int | None, category_id: int) -> None:
    """What intake runs after its commit (outside the write lock)."""
    from django.core.cache import caches

    from ..tasks import evaluate_grid_rules

    throttle = caches["local"]  # per process: an optimisation, not a limit to enforce
    key = f"ledgers:grid-rules:{grid_id}:{category_id}"
    if (grid_id is None or not evaluate_grid_rules.get_backend().supports_defer
            or throttle.add(key, 1, timeout=COALESCE_SECONDS)):
        evaluate_case_id(case_id)
        return
    evaluate_case_id(case_id, grid_rules=False)
    if throttle.add(key + ":queued", 1, timeout=COALESCE_SECONDS):
        evaluate_grid_rules.using(
            run_after=timezone.now() + dt.timedelta(seconds=COALESCE_SECONDS)
        ).enqueue(case_id)


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
