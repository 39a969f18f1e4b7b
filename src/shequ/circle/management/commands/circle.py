"""``shequ circle compute [--area CODE] [--graph FILE.osm.pbf] [--detour 1.3] [--speed 4.5]
[--minutes 15]``: recompute the 15-minute service circle as the system — every building
under the area (default: the whole tree) against every open, located service point, on the
street graph when one is given (or configured: ``CIRCLE_STREET_GRAPH``), else straight-line
× detour factor. Prints the model and the coverage per category. Refusals exit 1."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.territory.models import Area

from ... import selectors, services
from ...model_text import describe
from ...network import load_graph
from ...walk import WalkModel


class Command(BaseCommand):
    help = "The 15-minute service circle: compute coverage of every building."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        c = sub.add_parser("compute", help="recompute every building's coverage")
        c.add_argument("--area", default="", help="the area's code (default: the district)")
        c.add_argument("--graph", default=None, help="an OpenStreetMap extract to walk on")
        c.add_argument("--straight", action="store_true",
                       help="straight-line even when a street graph is configured")
        c.add_argument("--detour", type=float, default=None)
        c.add_argument("--speed", type=float, default=None, help="walking speed, km/h")
        c.add_argument("--minutes", type=int, default=None)

    def handle(self, *args, verb, area, graph, straight, detour, speed, minutes, **options):
        place = self._area(area)
        base = WalkModel.from_settings()
        model = WalkModel(detour=base.detour if detour is None else detour,
                          speed_kmh=base.speed_kmh if speed is None else speed,
                          minutes=base.minutes if minutes is None else minutes)
        try:
            street = None if straight else (load_graph(graph) if graph
                                            else services.configured_graph())
            if street is not None:
                self.stdout.write(f"street graph {street.name}: {street.nodes} nodes, "
                                  f"{street.edges} edges")
            run = services.coverage_compute(actor=SYSTEM, area=place, model=model, graph=street)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(describe(mode=run.mode, model=model, graph_name=run.graph_name))
        self.stdout.write(f"{run.buildings} buildings ({run.unlocated_buildings} without "
                          f"coordinates), {run.points} points, {run.seconds:.2f} s")
        totals: dict[str, list[int]] = {}
        for row in selectors.coverage_by_community(actor=SYSTEM, area_path=place.path):
            for cell in row["cells"]:
                t = totals.setdefault(cell["category"], [0, 0])
                t[0] += cell["covered"]
                t[1] += cell["total"]
        for cat, (covered, total) in totals.items():
            pct = f"{100 * covered / total:.0f}%" if total else "-"
            self.stdout.write(f"  {cat:<13} {covered}/{total} {pct}")

    def _area(self, code: str) -> Area:
        if code:
            place = Area.objects.filter(code=code.strip()).first()
        else:
            place = Area.objects.filter(parent__isnull=True).order_by("path").first()
        if place is None:
            raise CommandError(f"no area with code {code!r}" if code else "no territory yet")
        return place
