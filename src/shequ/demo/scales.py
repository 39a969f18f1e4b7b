"""How big each demo scale is. ``district`` is DESIGN.md §7; ``small`` one street for quick
starts; ``tiny`` a handful of households for the test suite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Every age is computed against this fixed day so that a seed gives the same people on
# any day the generator runs.
REFERENCE_DATE = dt.date(2025, 12, 31)
DEMO_PASSWORD = "Shequ@2026demo"  # noqa: S105 - demo-only, printed on purpose


@dataclass(frozen=True)
class Scale:
    name: str
    streets: int
    communities: int  # in all, spread over the streets as evenly as possible
    grids_per_community: tuple[int, int]
    buildings_per_grid: tuple[int, int]
    households: int  # target, reached in expectation
    units_per_community: tuple[int, int]
    member_rate: float  # share of adults who are party members


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 1, 2, (2, 2), (1, 2), 40, (2, 2), 0.12),
    "small": Scale("small", 1, 3, (4, 4), (5, 7), 1200, (4, 6), 0.045),
    "district": Scale("district", 12, 40, (6, 9), (9, 11), 135_000, (6, 10), 0.044),
}
