"""Working-day deadlines in Asia/Shanghai.

A working day is Monday–Friday unless a ``Holiday`` row says otherwise: a public holiday
(``is_workday`` False) is skipped even on a weekday, a make-up day (调休, ``is_workday``
True) counts even on a weekend. A case received on day D with a limit of N working days
is due at the end (23:59:59) of the N-th working day after D; with N = 0 it is due at
the end of D itself. Receiving on a holiday changes nothing: counting starts the day after.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from . import reference

TZ = ZoneInfo("Asia/Shanghai")
END_OF_DAY = dt.time(23, 59, 59)


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    return reference.holidays_between(start, end)


def is_working_day(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5


def add_working_days(day: dt.date, n: int, overrides: dict[dt.date, bool] | None = None
                     ) -> dt.date:
    """The N-th working day after ``day`` (``day`` itself for N = 0)."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    if overrides is None:
        # Holidays never stretch a fortnight of working days past three times its length.
        overrides = _overrides(day, day + dt.timedelta(days=n * 3 + 30))
    current, left = day, n
    while left > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, overrides):
            left -= 1
    return current


def due_at(received: dt.datetime, working_days: int,
           overrides: dict[dt.date, bool] | None = None) -> dt.datetime:
    """End of the ``working_days``-th working day after the local day of ``received``."""
    local_day = received.astimezone(TZ).date()
    last = add_working_days(local_day, working_days, overrides)
    return dt.datetime.combine(last, END_OF_DAY, tzinfo=TZ)


def working_days_between(start: dt.date, end: dt.date,
                         overrides: dict[dt.date, bool] | None = None) -> int:
    """Working days in (start, end]: how many a case took, for on-time statistics."""
    if end <= start:
        return 0
    if overrides is None:
        overrides = _overrides(start, end)
    n, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        n += is_working_day(current, overrides)
    return n
