"""What an app offers the dashboard: its figures (``AppManifest.figures``).

A figure is one number a leader reads per territory level — residents, open cases, volunteer
hours — declared by the app that owns the records behind it::

    Figure(key="ledgers.cases_open", label=_("Open cases"), unit=_("cases"),
           action=Action.VIEW_CASES,
           compute=lambda actor, place, period: per_child(
               selectors.case_list(actor=actor).filter(closed_at=None), place),
           drill_url=lambda place, period: reverse("ledgers:case-list") + f"?area={place.id}")

``compute(actor, place, period)`` answers *per child area* of ``place`` in ONE grouped
query: a mapping ``{child path: value}`` (the streets of a district, the grids of a
community; a grid is its own only child). It starts from the app's own scoped selector, so
a number is never wider than what the actor may list, and :func:`per_child` groups it by
the first ``place.child_len`` characters of the records' copied path — the ordered-key
paths are fixed-width, so that prefix *is* the child's path.

``drill_url(place, period)`` is the app's page-kit list filtered to the records behind the
number (None when the list cannot filter by area). ``action`` is what the viewer must hold
over the whole area to be shown the figure at all (the dashboard asks before computing).
``needs_cache`` figures are computed by the task worker into the dashboard's cache (as the
system actor, so ``action`` over the area is their only gate: declare such a figure only
for counts whose every row the action's holders may list); the others are computed live on
each request. ``timed`` figures count what happened within the period (a flow: cases
opened, hours served); the others are a stock as of today (residents, open cases).

Core imports no app: the dashboard app reads :func:`core.manifest.figures`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django import forms
from django.db.models import Count
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, pgettext_lazy

from .scoping import PATH_END


class Chart(StrEnum):
    BAR = "bar"
    LINE = "line"
    PIE = "pie"


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _after(day: dt.date) -> dt.datetime:
    return _midnight(day + dt.timedelta(days=1))


@dataclass(frozen=True)
class Period:
    """Inclusive calendar days ``start``..``end``."""

    start: dt.date
    end: dt.date

    def dates(self, field: str) -> dict:
        """Filter kwargs for a DateField inside the period."""
        return {f"{field}__gte": self.start, f"{field}__lte": self.end}

    def moments(self, field: str) -> dict:
        """Filter kwargs for a DateTimeField inside the period (local days, end exclusive),
        written as a range so an index on the column serves it."""
        return {f"{field}__gte": _midnight(self.start), f"{field}__lt": _after(self.end)}


@dataclass(frozen=True)
class Place:
    """The area a figure is asked about: its id (for list filters), its path, the length
    of its children's paths (its own length for a grid, which has no children) and its
    level (``district``, ``street``, ``community``, ``grid``: lists that filter by
    community only can drill from a community)."""

    id: int
    path: str
    child_len: int
    kind: str = ""

    def within(self, field: str = "path") -> dict:
        return {f"{field}__gte": self.path, f"{field}__lt": self.path + PATH_END}


Values = Mapping[str, float]


@dataclass(frozen=True)
class Figure:
    key: str
    label: object
    unit: object
    action: str
    compute: Callable[[object, Place, Period], Values]
    drill_url: Callable[[Place, Period], str | None] | None = None
    chart: str = Chart.BAR
    needs_cache: bool = False
    timed: bool = False
    # The dashboard's sections and their order (figures of one app stay together).
    group: object = ""
    order: int = 100


def per_child(qs, place: Place, *, field: str = "path", value=None) -> dict[str, float]:
    """``qs`` (already scoped by the app's selector) inside ``place``, grouped by child
    area in one query: ``{child path: count, or the aggregate ``value``}``. Rows lying on
    the area itself rather than in a child (a community's own compound) group under the
    area's path."""
    rows = (qs.filter(**place.within(field)).order_by()
            .annotate(_child=Substr(field, 1, place.child_len)).values("_child")
            .annotate(_v=value if value is not None else Count("pk")))
    return {r["_child"]: r["_v"] or 0 for r in rows}


def drill_to(url_name: str, *, timed: bool = False, **query) -> Callable[[Place, Period], str]:
    """A ``drill_url``: the page-kit list ``url_name`` filtered with ``?area=<place id>``
    (the list's area filter, ``territory.filters``) and ``query`` (the state the figure
    counts); a ``timed`` figure's list also gets the period as ``since``/``until``."""
    def url(place: Place, period: Period) -> str:
        params = {"area": place.id, **query}
        if timed:
            params.update(since=period.start.isoformat(), until=period.end.isoformat())
        return f"{reverse(url_name)}?{urlencode(params)}"
    return url


_DATE = forms.DateInput(attrs={"type": "date"})


class PeriodFilter(forms.Form):
    """The ``since``/``until`` days of a list that a timed figure drills to (a list's
    filter form inherits it); :func:`in_period` reads them."""

    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=_DATE)
    until = forms.DateField(label=pgettext_lazy("date range", "Until"), required=False,
                            widget=_DATE)


def in_period(filters: dict, field: str) -> dict:
    """Filter kwargs for the DateTimeField ``field`` within the cleaned ``since``/``until``
    (local days, either may be missing): the rows a timed figure counted in its period."""
    since, until = filters.get("since"), filters.get("until")
    return {**({f"{field}__gte": _midnight(since)} if since else {}),
            **({f"{field}__lt": _after(until)} if until else {})}
