"""The branches app's one registration with the shell (``core.manifest``): role actions,
policies, menu, audit labels and error codes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.menus import MenuItem

from . import models
from .errors import BranchErrorCode
from .policies import POLICIES, ROLE_ACTIONS, Action


def branches_manifest(label: str) -> manifest.AppManifest:
    return manifest.AppManifest(
        label=label,
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        error_codes=[BranchErrorCode],
        menu=[
            MenuItem(key="branches", group="party", label=_("Party branches"),
                     url_name="branches:branch-list", action=Action.VIEW_BRANCHES, order=24),
            MenuItem(key="branch-meetings", group="party", label=_("三会一课"),
                     url_name="branches:meeting-list", action=Action.VIEW_BRANCHES, order=25),
            MenuItem(key="branch-shortfalls", group="party", label=_("三会一课 shortfalls"),
                     url_name="branches:shortfalls", action=Action.VIEW_BRANCHES, order=26),
            MenuItem(key="branch-basics", group="party", label=_("五个基本"),
                     url_name="branches:basics", action=Action.VIEW_BRANCHES, order=27),
            MenuItem(key="branch-chain", group="party", label=_("Responsibility chain"),
                     url_name="branches:chain", action=Action.VIEW_BRANCHES, order=28),
            MenuItem(key="branch-meetings-me", group="mine", label=_("My branch's meetings"),
                     url_name="branches:meeting-list", action=Action.SELF_SERVICE, order=97),
        ],
        audit_labels=manifest.AuditLabels(actions={
            "sign_in": pgettext_lazy("audit", "Signed in to a meeting"),
            "roll_call": pgettext_lazy("audit", "Roll call"),
            "add_photo": pgettext_lazy("audit", "Photo added"),
            "set_rule": pgettext_lazy("audit", "Meeting requirement set"),
            "add_document": pgettext_lazy("audit", "Document uploaded"),
            "add_evidence": pgettext_lazy("audit", "Evidence added"),
            "close_item": pgettext_lazy("audit", "Responsibility item done"),
        }, entities={
            "meeting": models.Meeting, "meeting_rule": models.MeetingRule,
            "branch_profile": models.BranchProfile, "branch_document": models.BranchDocument,
            "responsibility": models.Responsibility,
        }, fields={
            "planned_on": pgettext_lazy("audit", "Planned for"),
            "held_on": pgettext_lazy("audit", "Held on"),
            "minutes": pgettext_lazy("audit", "Minutes"),
            "committee_complete": pgettext_lazy("audit", "Committee complete"),
            "funds_amount": pgettext_lazy("audit", "Funds"),
            "every_months": pgettext_lazy("audit", "Period (months)"),
            "times": pgettext_lazy("audit", "Times per period"),
            "due_on": pgettext_lazy("audit", "Due on"),
            "owner": pgettext_lazy("audit", "Owner"),
        }),
    )
