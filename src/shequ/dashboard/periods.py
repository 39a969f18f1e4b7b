"""The time ranges a dashboard reads: this month, this quarter, this year, or custom days;
and the twelve months of a trend line. Pure: the calendar only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.errors import DomainError
from shequ.core.figures import Period

from .errors import DashboardErrorCode

KINDS = {"month": gettext_lazy("This month"), "quarter": gettext_lazy("This quarter"),
         "year": gettext_lazy("This year"), "custom": gettext_lazy("Custom")}
EARLIEST = dt.date(2000, 1, 1)
LONGEST_DAYS = 366 * 3
TREND_MONTHS = 12


def _refuse(message) -> DomainError:
    return DomainError(message, code=DashboardErrorCode.PERIOD_OUT_OF_RANGE, field="period")


def month_of(day: dt.date) -> Period:
    start = day.replace(day=1)
    nxt = (start + dt.timedelta(days=32)).replace(day=1)
    return Period(start, nxt - dt.timedelta(days=1))


def standard(kind: str, today: dt.date | None = None) -> Period:
    """The running month, quarter or year containing ``today``."""
    today = today or timezone.localdate()
    if kind == "month":
        return month_of(today)
    if kind == "quarter":
        first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        last = month_of(first.replace(month=first.month + 2)).end
        return Period(first, last)
    if kind == "year":
        return Period(today.replace(month=1, day=1), today.replace(month=12, day=31))
    raise _refuse(_("Unknown time range."))


def standard_periods(today: dt.date | None = None) -> list[Period]:
    """What the worker computes ahead: the running month, quarter and year."""
    return [standard(kind, today) for kind in ("month", "quarter", "year")]


def recent_months(today: dt.date | None = None) -> list[Period]:
    """The twelve months up to the running one: the trend lines the worker computes ahead."""
    return trend_months(month_of(today or timezone.localdate()))


def parse(kind: str = "", start: str = "", end: str = "", *,
          today: dt.date | None = None) -> tuple[str, Period]:
    """The period a request asks for (``?period=month|quarter|year|custom&from=&to=``);
    refused with ``period_out_of_range`` when the days are malformed, reversed, before
    2000, starting in the future or longer than three years."""
    today = today or timezone.localdate()
    kind = kind or "month"
    if kind != "custom":
        return kind, standard(kind, today)
    try:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except (TypeError, ValueError):
        raise _refuse(_("Give the first and last day as YYYY-MM-DD.")) from None
    if last < first:
        raise _refuse(_("The last day comes before the first."))
    if first < EARLIEST or first > today:
        raise _refuse(_("The range must start between 2000 and today."))
    if (last - first).days > LONGEST_DAYS:
        raise _refuse(_("A range may span at most three years."))
    return kind, Period(first, last)


def trend_months(period: Period) -> list[Period]:
    """The twelve months ending with the one the period ends in."""
    months = [month_of(period.end)]
    while len(months) < TREND_MONTHS:
        months.insert(0, month_of(months[0].start - dt.timedelta(days=1)))
    return months
