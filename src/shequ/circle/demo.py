"""The service points of the demo district (``shequ demo`` calls :func:`generate_circle`
after the participation data) and the circle computed over them.

Per community, around the middle of its buildings: a party-mass service centre (every
community) and, each with its own chance, a clinic, market, pharmacy, bank, school and
elderly-care station — so some communities lack some categories and the gap list and the
candidate ranking have something to say. Per street, one water, electricity, telecom and
(two streets in three) gas office. The first community's second pharmacy has no
coordinates yet: listed with a warning, not on the map. Bulk-inserted; the circle is then
computed once for the district (straight-line)."""

from __future__ import annotations

import random
from collections.abc import Callable

from shequ.core.actors import SYSTEM
from shequ.territory.models import Area, AreaKind, Building

from . import services
from .models import BuildingCoverage, PointCategory, ServicePoint

C = PointCategory
COMMUNITY_CHANCES = ((C.CLINIC, 0.8, "社区卫生服务站"), (C.MARKET, 0.85, "农贸市场"),
                     (C.PHARMACY, 0.7, "大药房"), (C.BANK, 0.55, "农商银行网点"),
                     (C.SCHOOL, 0.5, "小学"), (C.ELDERLY_CARE, 0.45, "日间照料中心"))
STREET_OFFICES = ((C.WATER, "自来水营业厅"), (C.POWER, "供电营业厅"), (C.TELECOM, "电信营业厅"),
                  (C.GAS, "燃气营业厅"))
SPREAD = 0.006  # degrees (~600 m) around the middle of a community's buildings


def generate_circle(*, seed: int = 2026, progress: Callable[[str], None] | None = None
                    ) -> dict:
    say = progress or (lambda _msg: None)
    say("service points and the 15-minute circle…")
    rng = random.Random(seed * 1000 + 14)  # noqa: S311 - demo data, reproducible
    middles = _middles()
    communities = list(Area.objects.filter(kind=AreaKind.COMMUNITY, path__in=list(middles))
                       .order_by("path"))
    points: list[ServicePoint] = []
    for n, community in enumerate(communities):
        lat, lng = middles[community.path]
        points.append(_point(C.PARTY_MASS, f"{community.name}党群服务中心", community, lat, lng))
        for category, chance, label in COMMUNITY_CHANCES:
            if rng.random() < chance:
                points.append(_point(category, f"{community.name}{label}", community,
                                     lat + rng.uniform(-SPREAD, SPREAD),
                                     lng + rng.uniform(-SPREAD, SPREAD)))
        if n == 0:
            points.append(_point(C.PHARMACY, f"{community.name}便民药店（待定位）", community,
                                 None, None))
    for s, street in enumerate(Area.objects.filter(kind=AreaKind.STREET).order_by("path")):
        inside = [c for c in communities if c.path.startswith(street.path + ".")]
        if not inside:
            continue
        for category, label in STREET_OFFICES:
            if category == C.GAS and s % 3 == 2:
                continue
            lat, lng = middles[rng.choice(inside).path]
            points.append(_point(category, f"{street.name}{label}", street,
                                 lat + rng.uniform(-SPREAD, SPREAD),
                                 lng + rng.uniform(-SPREAD, SPREAD)))
    ServicePoint.objects.bulk_create(points, batch_size=1000)
    district = Area.objects.filter(kind=AreaKind.DISTRICT).order_by("path").first()
    if district is not None:
        services.coverage_compute(actor=SYSTEM, area=district)
    return {"service_points": len(points),
            "coverage_rows": BuildingCoverage.objects.count()}


def _point(category, name, area, lat, lng) -> ServicePoint:
    return ServicePoint(category=category, name=name[:80], area=area, path=area.path,
                        lat=None if lat is None else round(lat, 6),
                        lng=None if lng is None else round(lng, 6),
                        opening_hours="8:30-17:30" if category in dict(STREET_OFFICES)
                        else "8:00-20:00", address=f"{area.name}")


def _middles() -> dict[str, tuple[float, float]]:
    """The mean position of each community's located buildings."""
    sums: dict[str, list[float]] = {}
    for path, lat, lng in Building.objects.filter(lat__isnull=False, lng__isnull=False) \
            .values_list("path", "lat", "lng"):
        key = ".".join(path.split(".")[:3])
        s = sums.setdefault(key, [0.0, 0.0, 0])
        s[0] += float(lat)
        s[1] += float(lng)
        s[2] += 1
    return {k: (a / n, b / n) for k, (a, b, n) in sums.items()}
