"""Early warning (预警): rules evaluated for new cases by the task worker, and over
everything by ``shequ run-warnings``.

Statistic for the spike rule: this week's count of new cases in a grid (the 7 days up to
now) is compared with the grid's previous 8 weekly counts; a spike is
``this_week > mean + 3·sd`` (population standard deviation) and ``this_week ≥ 5``.
Thresholds are per district (``WarningRule``), defaults in ``config.DEFAULTS``.

Intake does not evaluate a rule itself: it notes the new case (``PendingWarningCheck``, in
its own transaction) and makes sure a batch is queued; the task worker then evaluates
whatever arrived in the last ``BATCH_SECONDS`` in one batch (``oncase``), so a burst of
hundreds of cases costs one read per grid and reporter instead of several per case, and
no request waits for it. A warning appears within a few seconds of the case.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.db import DatabaseError, transaction
from django.utils import timezone

from shequ.core import lean, workers

from ..models import Case, PendingWarningCheck
from ..services._retry import retry_when_locked
from .config import DEFAULTS, Settings
from .oncase import evaluate_cases
from .rules import RULES, Context, district_range
from .store import Finding, apply_findings

__all__ = ["DEFAULTS", "Finding", "after_intake", "evaluate_cases", "evaluate_pending",
           "queue_batch", "run_all"]

logger = logging.getLogger(__name__)

# How long a batch collects cases before the worker evaluates it, and the most cases one
# read takes (SQLite binds at most a few hundred parameters per statement comfortably).
BATCH_SECONDS = 1
BATCH_SIZE = 500
_batch_lock = threading.Lock()
_next_batch = 0.0  # time.monotonic() from which this process queues the next batch


def after_intake(case_id: int) -> None:
    """Inside the intake transaction: note the case for the next batch, and queue one once
    the case is committed."""
    lean.insert(PendingWarningCheck(case_id=case_id))
    transaction.on_commit(queue_batch, robust=True)


def queue_batch() -> None:
    """Queue a batch to run in ``BATCH_SECONDS``, at most once per process in that time: a
    case committed before the throttle lapses is committed before the queued batch starts,
    so that batch sees it. A backend that cannot defer (tests) runs the batch at once."""
    from ..tasks import evaluate_new_cases

    global _next_batch
    if not evaluate_new_cases.get_backend().supports_defer:
        evaluate_new_cases.enqueue()
        return
    # Per process: an optimisation, not a limit to enforce (each process queues its own).
    # A clock read and a lock, not a cache call: every intake passes here.
    now = time.monotonic()
    with _batch_lock:
        if now < _next_batch:
            return
        _next_batch = now + BATCH_SECONDS
    # Across processes: each web process would queue its own batch every second, and a
    # batch's reads cost about the same for 50 cases as for 500 (the grids' weeks, the
    # clusters' evidence). A batch queued by any process and not yet started will see this
    # commit, so one batch a second serves them all.
    if workers.queued_not_started(evaluate_new_cases):
        return
    evaluate_new_cases.using(
        run_after=timezone.now() + dt.timedelta(seconds=BATCH_SECONDS)).enqueue()


def evaluate_pending(*, now: dt.datetime | None = None) -> int:
    """Evaluate every case waiting for early warning, oldest first, in batches; returns how
    many were evaluated."""
    done = 0
    while n := _evaluate_batch(now):
        done += n
    return done


@retry_when_locked
def _evaluate_batch(now) -> int:
    ids = list(PendingWarningCheck.objects.order_by("case_id")
               .values_list("case_id", flat=True)[:BATCH_SIZE])
    if not ids:
        return 0
    cases = list(Case.objects.filter(pk__in=ids).only(
        "id", "path", "ledger", "grid_id", "category_id", "reporter_phone_hash",
        "reporter_id", "subject_id"))
    try:
        evaluate_cases(cases, now=now)
    except DatabaseError:
        raise  # locked or gone: the rows stay for the retry or the next batch
    except Exception:
        # One case the rules choke on must not hold back every later case's warnings.
        logger.exception("early warning failed for a batch of %d cases; one by one now",
                         len(cases))
        for case in cases:
            try:
                evaluate_cases([case], now=now)
            except DatabaseError:
                raise
            except Exception:
                logger.exception("early warning failed for case #%s", case.pk)
    PendingWarningCheck.objects.filter(case_id__in=ids).delete()
    return len(ids)


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
