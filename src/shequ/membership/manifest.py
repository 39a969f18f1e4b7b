"""The app's one registration (core.manifest): role actions, policies, menu entries, audit
labels and error codes of the online party branch."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.menus import MenuItem

from . import figures
from .errors import MembershipErrorCode
from .models import BranchPost, DuesPayment, DuesProfile, Transfer
from .policies import POLICIES, ROLE_ACTIONS, Action


def register(label: str) -> None:
    manifest.register(manifest.AppManifest(
        label=label,
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        error_codes=[MembershipErrorCode],
        figures=figures.FIGURES,
        menu=[
            MenuItem(key="branch-dues", group="party", label=_("Party dues"),
                     url_name="membership:branch-list", action=Action.VIEW_BRANCH, order=47),
            MenuItem(key="branch-transfers", group="party", label=_("Membership transfers"),
                     url_name="membership:transfer-list", action=Action.VIEW_BRANCH, order=48),
            MenuItem(key="branch-posts", group="party", label=_("Branch posts"),
                     url_name="membership:post-list", action=Action.VIEW_BRANCH, order=49),
            MenuItem(key="my-dues", group="mine", label=_("My party dues"),
                     url_name="membership:my-dues", action=Action.SELF_SERVICE, order=96),
            MenuItem(key="my-branch-posts", group="mine", label=_("Branch posts"),
                     url_name="membership:my-posts", action=Action.SELF_SERVICE, order=97),
        ],
        audit_labels=manifest.AuditLabels(actions={
            "dues_profile_set": pgettext_lazy("audit", "Dues category and income set"),
            "dues_pay": pgettext_lazy("audit", "Dues payment recorded"),
            "dues_import": pgettext_lazy("audit", "Bank statement of dues imported"),
            "transfer_request": pgettext_lazy("audit", "Membership transfer requested"),
            "transfer_send": pgettext_lazy("audit", "Introduction letter sent"),
            "transfer_confirm": pgettext_lazy("audit", "Membership transfer confirmed"),
            "transfer_return": pgettext_lazy("audit", "Membership transfer returned"),
            "move_org": pgettext_lazy("audit", "Moved to another party organisation"),
            "branch_post": pgettext_lazy("audit", "Branch post published"),
        }, entities={"dues_profile": DuesProfile, "dues_payment": DuesPayment,
                     "transfer": Transfer, "branch_post": BranchPost}),
        encrypted=[manifest.EncryptedColumns(DuesProfile, ("base_enc",), "dues_profile",
                                             "dues profile")],
    ))
