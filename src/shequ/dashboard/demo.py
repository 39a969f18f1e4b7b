"""Demo data for the dashboard: a boundary for every grid that has none (a lattice of
small rectangles near 达州, grids in path order so a community's grids sit together), so
the big screen draws its map; and the cached figures — computed at once for a small demo,
queued for the worker for a district (a minute of queries the demo need not wait for:
the pages compute live until the worker is done)."""

from __future__ import annotations

import math

from shequ.core.actors import SYSTEM
from shequ.territory.models import Area, AreaKind

from . import services, tasks

ORIGIN = (107.46, 31.22)  # longitude, latitude
CELL = 0.006  # degrees
COMPUTE_NOW_UP_TO = 100  # grids


def _square(col: int, row: int) -> dict:
    x, y = ORIGIN[0] + col * CELL, ORIGIN[1] - row * CELL
    ring = [[x, y], [x + CELL, y], [x + CELL, y - CELL], [x, y - CELL], [x, y]]
    return {"type": "Polygon", "coordinates": [[[round(a, 6), round(b, 6)] for a, b in ring]]}


def generate_dashboard(*, seed: int, progress) -> dict:
    grids = list(Area.objects.filter(kind=AreaKind.GRID).order_by("path").only("pk", "polygon"))
    cols = max(1, math.ceil(math.sqrt(len(grids))))
    drawn = []
    for i, grid in enumerate(grids):
        if grid.polygon is None:
            grid.polygon = _square(i % cols, i // cols)
            drawn.append(grid)
    Area.objects.bulk_update(drawn, ["polygon"], batch_size=500)
    progress(f"dashboard: {len(drawn)} grid boundaries drawn")
    if len(grids) <= COMPUTE_NOW_UP_TO:
        cached = services.figures_refresh(actor=SYSTEM)
    else:
        tasks.refresh_figures.enqueue()
        cached = 0
    return {"grid_boundaries": len(drawn), "cached_figures": cached}
