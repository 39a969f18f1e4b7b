"""The patrols app's one registration with the shell (``core.manifest``): role actions,
policies, menu, home panels, audit labels, error codes and dashboard figures."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.home import HomePanel
from shequ.core.menus import MenuItem
from shequ.core.sections import Section

from . import figures, home, models, sections
from .errors import PatrolErrorCode
from .policies import POLICIES, ROLE_ACTIONS, Action, is_patrol_member


def patrols_manifest(label: str) -> manifest.AppManifest:
    return manifest.AppManifest(
        label=label,
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        error_codes=[PatrolErrorCode],
        figures=figures.FIGURES,
        menu=[
            MenuItem(key="patrols", group="cases", label=_("Patrols"),
                     url_name="patrols:route-list", action=Action.VIEW_PATROLS, order=60),
            MenuItem(key="patrol-ratings", group="cases", label=_("平安楼栋"),
                     url_name="patrols:rating-list", action=Action.VIEW_PATROLS, order=61),
            MenuItem(key="patrol-shifts", group="mine", label=_("My patrol shifts"),
                     url_name="patrols:my-shifts", action=is_patrol_member, order=96),
        ],
        sections=[Section(key="patrols-safe-building", page="territory.building",
                          template="patrols/_building_section.html",
                          data=sections.building_rating, order=50)],
        home_panels=[
            HomePanel(key="patrols-member", data=home.member_panel, action=is_patrol_member,
                      order=15),
        ],
        audit_labels=manifest.AuditLabels(actions={
            "add_checkpoint": pgettext_lazy("audit", "Checkpoint added"),
            "remove_checkpoint": pgettext_lazy("audit", "Checkpoint removed"),
            "reorder_checkpoints": pgettext_lazy("audit", "Checkpoints reordered"),
            "generate_plan": pgettext_lazy("audit", "Shift plan generated"),
            "publish_plan": pgettext_lazy("audit", "Shift plan published"),
            "request_swap": pgettext_lazy("audit", "Shift swap requested"),
            "swap_approved": pgettext_lazy("audit", "Shift swap approved"),
            "swap_declined": pgettext_lazy("audit", "Shift swap declined"),
            "close_shift": pgettext_lazy("audit", "Shift closed"),
            "report_incident": pgettext_lazy("audit", "Incident reported"),
            "file_case": pgettext_lazy("audit", "Filed as a stability case"),
            "rate_buildings": pgettext_lazy("audit", "Safe-building ratings computed"),
            "offer_shortlist": pgettext_lazy("audit", "Safe-building shortlist offered"),
        }, entities={
            "patrol_member": models.PatrolMember, "patrol_route": models.Route,
            "patrol_coverage": models.Coverage, "shift_plan": models.ShiftPlan,
            "shift": models.Shift, "incident": models.Incident,
            "patrol_rating": models.BuildingRating,
        }, fields={
            "weekdays": pgettext_lazy("audit", "Weekdays"),
            "available_from": pgettext_lazy("audit", "Available from"),
            "available_until": pgettext_lazy("audit", "Available until"),
            "missed": pgettext_lazy("audit", "Missed checkpoints"),
            "covered": pgettext_lazy("audit", "Slots covered"),
            "slots": pgettext_lazy("audit", "Slots required"),
        }),
    )

_ = _  # menu and panel labels are added with the pages
