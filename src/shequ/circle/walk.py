"""The 15-minute walk, straight-line: for every building the walking distance to the nearest
service point of each category, vectorised (one KD-tree per category). Pure: arrays in,
arrays out, no database.

The model, stated on the circle's pages (``model_text``):

    walking distance ≈ great-circle (haversine) distance × detour factor
    reachable      ⇔ walking distance ≤ walking speed × minutes

with the defaults 1.3, 4.5 km/h and 15 minutes (1,125 m of walking, 865 m as the crow
flies). Streets do not run straight, so the crow's distance is stretched by the detour
factor; the street-graph model (``network``) replaces it when a graph is loaded.

Coordinates are projected onto a local plane (equirectangular around the data's mean
latitude) for the tree; over a district (tens of kilometres) the error is far below the
detour factor's, and the distance kept is the exact haversine of the pair the tree found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from scipy.spatial import cKDTree

EARTH_RADIUS_M = 6_371_008.8
STRAIGHT, NETWORK = "straight", "network"


@dataclass(frozen=True)
class WalkModel:
    """The parameters of a computation (settings ``CIRCLE_DETOUR``, ``CIRCLE_WALK_KMH``,
    ``CIRCLE_MINUTES``), kept with each run so a page says what its figures mean."""

    detour: float = 1.3
    speed_kmh: float = 4.5
    minutes: int = 15

    @classmethod
    def from_settings(cls) -> WalkModel:
        return cls(detour=float(getattr(settings, "CIRCLE_DETOUR", 1.3)),
                   speed_kmh=float(getattr(settings, "CIRCLE_WALK_KMH", 4.5)),
                   minutes=int(getattr(settings, "CIRCLE_MINUTES", 15)))

    @property
    def radius_m(self) -> float:
        """How far one walks in the time: 4.5 km/h × 15 min = 1,125 m."""
        return self.speed_kmh * 1000 / 60 * self.minutes


def haversine_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres, element-wise over numpy arrays (or scalars)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lng2) - np.asarray(lng1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def project(lat, lng, lat0: float) -> np.ndarray:
    """(n, 2) metres on the local plane through latitude ``lat0``."""
    lat, lng = np.asarray(lat, dtype=float), np.asarray(lng, dtype=float)
    k = np.pi / 180 * EARTH_RADIUS_M
    return np.column_stack((lng * k * np.cos(np.radians(lat0)), lat * k))


def nearest_straight(b_lat, b_lng, p_lat, p_lng, detour: float) -> tuple[np.ndarray, np.ndarray]:
    """For each building, (index of the nearest point, walking distance in metres) by the
    straight-line model. No points: index −1 and distance +inf everywhere."""
    b_lat, b_lng = np.asarray(b_lat, dtype=float), np.asarray(b_lng, dtype=float)
    n = len(b_lat)
    if n == 0 or len(p_lat) == 0:
        return np.full(n, -1, dtype=np.int64), np.full(n, np.inf)
    p_lat, p_lng = np.asarray(p_lat, dtype=float), np.asarray(p_lng, dtype=float)
    lat0 = float(np.mean(np.concatenate((b_lat, p_lat))))
    tree = cKDTree(project(p_lat, p_lng, lat0))
    _d, idx = tree.query(project(b_lat, b_lng, lat0), k=1)
    idx = np.asarray(idx, dtype=np.int64)
    return idx, haversine_m(b_lat, b_lng, p_lat[idx], p_lng[idx]) * detour
