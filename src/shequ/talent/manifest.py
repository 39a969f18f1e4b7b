"""The talent app's one registration with the shell (core.manifest)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.menus import MenuItem

from . import figures
from .errors import TalentErrorCode
from .models import AllianceMember, Demand, FollowUp, HelpSession, Profile, Referral
from .policies import POLICIES, ROLE_ACTIONS, Action, is_recruiter

HOME = "resident__household__entrance__building"


def register(label: str) -> None:
    manifest.register(manifest.AppManifest(
        label=label,
        error_codes=[TalentErrorCode],
        figures=figures.FIGURES,
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        path_followers=[manifest.PathFollower(Profile, HOME),
                        manifest.PathFollower(Referral, "profile__" + HOME)],
        menu=[
            MenuItem(key="talent-alliance", group="activities", label=_("Entrepreneur alliance"),
                     url_name="talent:member-list", action=Action.VIEW_TALENT, order=60),
            MenuItem(key="talent-demands", group="activities", label=_("Talent demands"),
                     url_name="talent:demand-list", action=Action.VIEW_TALENT, order=61),
            MenuItem(key="talent-reserve", group="activities", label=_("Talent reserve"),
                     url_name="talent:profile-list", action=Action.VIEW_TALENT, order=62),
            MenuItem(key="talent-referrals", group="activities", label=_("Referrals"),
                     url_name="talent:referral-list", action=Action.VIEW_TALENT, order=63),
            MenuItem(key="talent-recruit", group="activities", label=_("Our talent demands"),
                     url_name="talent:demand-list", action=is_recruiter, order=64),
            MenuItem(key="talent-me", group="mine", label=_("My talent profile"),
                     url_name="talent:me", action=Action.SELF_SERVICE, order=97),
        ],
        audit_labels=manifest.AuditLabels(actions={
            "member_join": pgettext_lazy("audit", "Joined the entrepreneur alliance"),
            "member_leave": pgettext_lazy("audit", "Left the entrepreneur alliance"),
            "session_add": pgettext_lazy("audit", "Help session recorded"),
            "session_update": pgettext_lazy("audit", "Help session changed"),
            "attendance": pgettext_lazy("audit", "Attendance recorded"),
            "follow_up_add": pgettext_lazy("audit", "Follow-up added"),
            "follow_up_done": pgettext_lazy("audit", "Follow-up done"),
            "recruiter_add": pgettext_lazy("audit", "Recruiter added"),
            "demand_close": pgettext_lazy("audit", "Talent demand closed"),
            "demand_reopen": pgettext_lazy("audit", "Talent demand reopened"),
            "consent_give": pgettext_lazy("audit", "Consent to the talent reserve given"),
            "consent_withdraw": pgettext_lazy("audit", "Consent to the talent reserve withdrawn"),
            "refer": pgettext_lazy("audit", "Referred to a post"),
            "referral_outcome": pgettext_lazy("audit", "Referral outcome recorded"),
        }, entities={"alliance_member": AllianceMember, "help_session": HelpSession,
                     "follow_up": FollowUp, "talent_demand": Demand, "talent_profile": Profile,
                     "referral": Referral}),
    ))
