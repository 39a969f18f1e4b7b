"""The walking model in words, as every circle page states it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .walk import NETWORK, WalkModel


def describe(*, mode: str, model: WalkModel, graph_name: str = "") -> str:
    if mode == NETWORK:
        return _("Network distance: walking along the streets of %(graph)s (OpenStreetMap), "
                 "at %(speed)s km/h for %(min)d minutes = %(m)s m.") % {
            "graph": graph_name, "speed": f"{model.speed_kmh:g}", "min": model.minutes,
            "m": f"{model.radius_m:,.0f}"}
    return _("Straight-line distance × detour factor %(detour)s, at %(speed)s km/h for "
             "%(min)d minutes = %(m)s m of walking (%(crow)s m as the crow flies). No street "
             "graph is loaded.") % {
        "detour": f"{model.detour:g}", "speed": f"{model.speed_kmh:g}", "min": model.minutes,
        "m": f"{model.radius_m:,.0f}", "crow": f"{model.radius_m / model.detour:,.0f}"}
