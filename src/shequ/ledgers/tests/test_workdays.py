"""Deadlines in working days: weekends skipped, holidays skipped, make-up days counted."""

import datetime as dt

import pytest

from shequ.ledgers import services, workdays
from shequ.ledgers.models import Category

pytestmark = pytest.mark.django_db
TZ = workdays.TZ


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.mark.parametrize(("received", "days", "due"), [
    # Thursday + 3 working days skips the weekend: Fri, Mon, Tue.
    (at(2026, 11, 19), 3, dt.date(2026, 11, 24)),
    # Received on a Saturday: counting starts Monday.
    (at(2026, 11, 21), 1, dt.date(2026, 11, 23)),
    # Friday 23:30 local is still Friday.
    (at(2026, 11, 20, 23), 1, dt.date(2026, 11, 23)),
    # Same day for a 0-day category.
    (at(2026, 11, 19), 0, dt.date(2026, 11, 19)),
    # National Day 2025: Oct 1–8 off, Sat Oct 11 a make-up working day.
    (at(2025, 9, 30), 3, dt.date(2025, 10, 11)),
    # Sunday Sep 28 2025 is a make-up working day: received Sat Sep 27 → due that Sunday.
    (at(2025, 9, 27), 1, dt.date(2025, 9, 28)),
    # Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
    (at(2026, 2, 13), 2, dt.date(2026, 2, 24)),
    (at(2026, 2, 26), 2, dt.date(2026, 2, 28)),
])
def test_due_date_skips_weekends_and_holidays_and_counts_make_up_days(received, days, due):
    # when
    result = workdays.due_at(received, days)
    # then
    assert result.astimezone(TZ).date() == due
    assert result.astimezone(TZ).time() == dt.time(23, 59, 59)


def test_a_holiday_declared_by_an_administrator_moves_new_deadlines(district_admin):
    # given a case received on Wednesday 2 December 2026, due Thursday
    wednesday = at(2026, 12, 2)
    assert workdays.due_at(wednesday, 1).date() == dt.date(2026, 12, 3)
    # when the Thursday is declared a holiday
    services.holiday_set(actor=district_admin, date=dt.date(2026, 12, 3), is_workday=False,
                         name="测试")
    # then Thursday is skipped
    assert workdays.due_at(wednesday, 1).date() == dt.date(2026, 12, 4)


def test_only_category_managers_declare_holidays(staff):
    from shequ.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.holiday_set(actor=staff, date=dt.date(2026, 12, 3), is_workday=False)


def test_the_deadline_comes_from_the_category(make_case, place):
    # given a 3-working-day category and a case received on a Friday
    cat = Category.objects.get(code="sanitation")
    assert cat.deadline_working_days == 3
    # when
    case = make_case(received_at=at(2026, 11, 20))
    # then Mon, Tue, Wed
    assert case.due_at.astimezone(TZ).date() == dt.date(2026, 11, 25)


def test_the_holidays_command(capsys):
    from django.core.management import call_command

    call_command("holidays", "set", "2027-01-01", "--until", "2027-01-03", "--name", "元旦")
    call_command("holidays", "set", "2027-01-04", "--workday", "--name", "元旦调休")
    call_command("holidays", "list", "--year", "2027")
    out = capsys.readouterr().out
    assert "2027-01-02  holiday  元旦" in out and "2027-01-04  workday  元旦调休" in out
    # Thursday 31 December 2026 + 1 working day: Jan 1–3 off, Monday Jan 4 worked
    assert workdays.due_at(at(2026, 12, 31), 1).date() == dt.date(2027, 1, 4)
