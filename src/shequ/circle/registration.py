"""The circle's one registration with the shell (``core.manifest``): role actions, policies,
menu, path followers, audit labels, error codes and the service-point import kind."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.menus import MenuItem
from shequ.imports.pipeline import register

from . import figures, models
from .errors import CircleErrorCode
from .importing import ServicePointsKind
from .policies import POLICIES, ROLE_ACTIONS, Action


def circle_manifest(label: str) -> manifest.AppManifest:
    kind = register(ServicePointsKind())
    return manifest.AppManifest(
        label=label,
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        error_codes=[CircleErrorCode],
        figures=figures.FIGURES,
        import_kinds=[kind],
        path_followers=[manifest.PathFollower(models.BuildingCoverage, "building")],
        menu=[
            MenuItem(key="circle-coverage", group="cases", label=_("15-minute service circle"),
                     url_name="circle:coverage", action=Action.VIEW_CIRCLE, order=70),
            MenuItem(key="circle-points", group="cases", label=_("Service points"),
                     url_name="circle:point-list", action=Action.VIEW_CIRCLE, order=71),
            MenuItem(key="circle-map", group="cases", label=_("Service map"),
                     url_name="circle:map", action=Action.VIEW_CIRCLE, order=72),
        ],
        audit_labels=manifest.AuditLabels(actions={
            "compute_coverage": pgettext_lazy("audit", "Service circle computed"),
        }, entities={
            "service_point": models.ServicePoint, "coverage_run": models.CoverageRun,
        }, fields={
            "opening_hours": pgettext_lazy("audit", "Opening hours"),
            "lat": pgettext_lazy("audit", "Latitude"),
            "lng": pgettext_lazy("audit", "Longitude"),
        }),
    )
