"""The 大屏's data: the area's headline figures, one figure per grid for the map and the
children ranked — one JSON document the page polls; and the grids' boundaries as a GeoJSON
FeatureCollection the map registers once. Features are named by the grid's path (names repeat
between communities); the payload maps paths to names."""

from __future__ import annotations

from django.utils import timezone

from .pages import number
from .policies import dashboard_policy
from .selectors import (
    children_of,
    figure_get,
    grid_values,
    grids_with_boundaries,
    readings,
    visible_figures,
)

HEADLINES = 8


def screen_payload(actor, area, period, key: str) -> dict:
    figure = figure_get(key)
    dashboard_policy.require(actor, figure.action, area)
    shown = visible_figures(actor, area)[:HEADLINES]
    if figure not in shown:
        shown = [figure, *shown[: HEADLINES - 1]]
    rows = readings(actor, area, period, shown)
    mine = next(r for r in rows if r.figure.key == key)
    children = children_of(area)
    grids = grid_values(actor, figure, area, period)
    return {
        "area": area.name, "updated": timezone.localtime().strftime("%H:%M:%S"),
        "period": [period.start.isoformat(), period.end.isoformat()],
        "figure": {"key": key, "label": str(figure.label), "unit": str(figure.unit)},
        "headlines": [{"key": r.figure.key, "label": str(r.figure.label),
                       "unit": str(r.figure.unit), "total": number(r.total)} for r in rows],
        "ranking": sorted(({"name": c.name, "value": number(mine.values.get(c.path, 0))}
                           for c in children), key=lambda r: -r["value"]),
        "map": [{"name": path, "value": number(v)} for path, v in grids.items()],
    }


def boundaries(area) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": g.path, "label": g.name},
         "geometry": g.polygon} for g in grids_with_boundaries(area)]}
