"""Finding the building a report is about when the reporter gave only coordinates, an
address id or a typed address (Open311, portals). Limited to an area the channel serves."""

from __future__ import annotations

from django.db.models import Q

from shequ.core.scoping import PATH_END
from shequ.territory.models import Building, Compound

from .. import geo


def _in(area_path: str) -> Q:
    return Q(path__gte=area_path, path__lt=area_path + PATH_END)


def building_near(area_path: str, lat: float, lng: float, metres: float = 300
                  ) -> Building | None:
    """The nearest building with coordinates within ``metres``, or None."""
    lo_lat, hi_lat, lo_lng, hi_lng = geo.bounding_box(lat, lng, metres)
    best, best_d = None, metres
    for b in Building.objects.filter(_in(area_path), lat__gte=lo_lat, lat__lte=hi_lat,
                                     lng__gte=lo_lng, lng__lte=hi_lng).select_related("grid"):
        d = geo.haversine_m(lat, lng, float(b.lat), float(b.lng))
        if d <= best_d:
            best, best_d = b, d
    return best


def building_by_id(area_path: str, building_id) -> Building | None:
    if not str(building_id).isdigit():
        return None
    return Building.objects.filter(_in(area_path), pk=int(building_id)).select_related(
        "grid", "compound").first()


def building_named(area_path: str, text: str) -> Building | None:
    """A building whose compound name and building name both appear in ``text``
    (e.g. "金竹苑7栋2单元"), the longest names first."""
    text = (text or "").replace(" ", "")
    if not text:
        return None
    compounds = [c for c in Compound.objects.filter(_in(area_path)).only("id", "name")
                 if c.name and c.name in text]
    for compound in sorted(compounds, key=lambda c: -len(c.name)):
        rest = text.split(compound.name, 1)[1]
        for b in sorted(compound.buildings.select_related("grid"), key=lambda b: -len(b.name)):
            if b.name and b.name in rest:
                return b
    return None
