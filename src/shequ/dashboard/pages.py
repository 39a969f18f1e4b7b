"""What the dashboard's templates show, shaped from the readings: figure cards with their
children ranked, the comparison table (children × figures) and its download, one figure's
ranking with the links down. View helpers: no queries of their own."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from shequ.core.figures import Period

from .selectors import Reading, place_of


def number(value) -> float | int:
    """Counts as integers, sums (hours) to one decimal."""
    return int(value) if float(value).is_integer() else round(float(value), 1)


def period_query(request) -> str:
    """The period part of the query string, kept on every link."""
    keep = {k: request.GET[k] for k in ("period", "from", "to") if request.GET.get(k)}
    return urlencode(keep)


def _child_values(reading: Reading, children) -> list[tuple[object, float]]:
    return [(c, reading.values.get(c.path, 0)) for c in children]


def figure_rows(readings: list[Reading], children) -> list[dict]:
    """A card per figure: the total, how fresh, the child furthest behind and ahead."""
    out = []
    for r in readings:
        pairs = sorted(_child_values(r, children), key=lambda p: p[1])
        out.append({
            "figure": r.figure, "total": number(r.total), "computed_at": r.computed_at,
            "cached": r.cached, "stale": r.stale,
            "lowest": pairs[0] if pairs else None, "highest": pairs[-1] if pairs else None,
        })
    return out


def comparison(readings: list[Reading], children, area) -> tuple[list, list[list]]:
    """The children × figures table: header and rows (also the download)."""
    header = [_("Area"), *[str(r.figure.label) for r in readings]]
    rows = [[c.name, *[number(r.values.get(c.path, 0)) for r in readings]] for c in children]
    rows.append([_("Total"), *[number(r.total) for r in readings]])
    return header, rows


def ranked(reading: Reading, children, period: Period) -> list[dict]:
    """The children ranked by the figure, highest first, with each one's share of the
    total, its own figure page and the records behind its number."""
    total = reading.total or 0
    pairs = sorted(_child_values(reading, children), key=lambda p: (-p[1], p[0].path))
    figure = reading.figure
    rows = []
    for i, (child, value) in enumerate(pairs, start=1):
        rows.append({
            "rank": i, "area": child, "value": number(value),
            "share": round(100 * value / total, 1) if total else 0,
            "url": reverse("dashboard:figure", args=[child.pk, figure.key]),
            "records": figure.drill_url(place_of(child), period) if figure.drill_url else None,
        })
    return rows
