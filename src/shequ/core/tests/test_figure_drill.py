"""A figure's drill URL and the period a list reads back from it: the same local days on
both sides, so the list shows what the figure counted in its period."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.core.figures import Period, PeriodFilter, Place, drill_to, in_period

MAY = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
PLACE = Place(id=7, path="01.02", child_len=9, kind="street")


def test_drill_to_names_the_area_the_state_and_for_a_timed_figure_the_period():
    # services:request-list is any page-kit list: the URL only needs to reverse
    assert drill_to("services:request-list", state="open")(PLACE, MAY).endswith(
        "?area=7&state=open")
    url = drill_to("services:request-list", timed=True)(PLACE, MAY)
    assert url.endswith("?area=7&since=2026-05-01&until=2026-05-31")


def test_the_list_reads_back_the_figure_s_period():
    # given the days a timed figure's drill URL carries, as the list's form cleans them
    form = PeriodFilter({"since": "2026-05-01", "until": "2026-05-31"})
    assert form.is_valid()
    # then the list filters the same instants the figure counted
    assert in_period(form.cleaned_data, "at") == MAY.moments("at")
    # and either end may be left open
    assert in_period({"since": None, "until": dt.date(2026, 5, 31)}, "at") == {
        "at__lt": timezone.make_aware(dt.datetime(2026, 6, 1))}
    assert in_period({}, "at") == {}
