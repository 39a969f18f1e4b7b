"""The 三会一课 requirements and the periods they are checked over.

Defaults (中国共产党支部工作条例（试行）): 支部党员大会 once a quarter, 支部委员会 once a
month, 党小组会 once a month, 党课 once a quarter. A district may override any of them
(``MeetingRule``). A requirement of ``times`` per ``every_months`` months is checked in each
calendar period of that length (months, quarters, halves, years) — a period is short when
fewer meetings of the kind were held in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import MeetingKind, MeetingRule


@dataclass(frozen=True)
class Rule:
    kind: str
    every_months: int
    times: int


DEFAULT_RULES = {
    MeetingKind.GENERAL: Rule(MeetingKind.GENERAL, 3, 1),
    MeetingKind.COMMITTEE: Rule(MeetingKind.COMMITTEE, 1, 1),
    MeetingKind.GROUP: Rule(MeetingKind.GROUP, 1, 1),
    MeetingKind.LESSON: Rule(MeetingKind.LESSON, 3, 1),
}


def rules_for(district_path: str) -> dict[str, Rule]:
    """The rules in force in a district: its overrides over the defaults."""
    rules = dict(DEFAULT_RULES)
    for row in MeetingRule.objects.filter(path=district_path):
        rules[row.kind] = Rule(row.kind, row.every_months, row.times)
    return rules


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def period_of(index: int, every_months: int) -> int:
    """The first month index of the calendar period (of ``every_months``) holding month
    ``index``."""
    return index - (index % 12) % every_months


def periods(rule: Rule, first: int, last: int) -> list[int]:
    """The periods of ``rule`` lying wholly inside months ``first``…``last``."""
    out, m = [], period_of(first, rule.every_months)
    if m < first:
        m += rule.every_months
    while m + rule.every_months - 1 <= last:
        out.append(m)
        m += rule.every_months
    return out


def period_label(start: int, every_months: int) -> str:
    d = month_start(start)
    if every_months == 1:
        return f"{d:%Y-%m}"
    if every_months == 3:
        return f"{d.year} Q{(d.month - 1) // 3 + 1}"
    if every_months == 6:
        return f"{d.year} H{(d.month - 1) // 6 + 1}"
    return str(d.year)


def quarter_bounds(today: dt.date) -> tuple[int, int]:
    """Months of the quarter holding ``today`` (first, last)."""
    first = period_of(month_index(today), 3)
    return first, first + 2


def last_year_window(today: dt.date) -> tuple[int, int]:
    """The twelve months ending with the last whole quarter before ``today``."""
    last = period_of(month_index(today), 3) - 1
    return last - 11, last


def quarter_from(value: str, today: dt.date) -> tuple[int, int]:
    """The months of a quarter written "2026Q3"; the last whole quarter otherwise."""
    try:
        year, q = value.upper().split("Q")
        if not 1 <= int(q) <= 4 or not 2000 <= int(year) <= today.year:
            raise ValueError
        first = int(year) * 12 + (int(q) - 1) * 3
    except ValueError:
        first = period_of(month_index(today), 3) - 3
    return first, first + 2
