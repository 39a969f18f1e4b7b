"""The resources app's one registration with the shell (core.manifest)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.menus import MenuItem

from . import figures
from .errors import ResourceErrorCode
from .models import Booking, Exchange, Pairing, PlatformMember, Resource, SharingAgreement
from .policies import POLICIES, ROLE_ACTIONS, Action, answers_requests


def register(label: str) -> None:
    manifest.register(manifest.AppManifest(
        label=label,
        error_codes=[ResourceErrorCode],
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        menu=[
            MenuItem(key="resources", group="activities", label=_("Shared resources"),
                     url_name="resources:resource-list", action=Action.BOOK, order=48),
            MenuItem(key="resources-free", group="activities", label=_("What is free"),
                     url_name="resources:free", action=Action.BOOK, order=49),
            MenuItem(key="resources-inbox", group="activities", label=_("Booking requests"),
                     url_name="resources:inbox", action=answers_requests, order=50),
            MenuItem(key="pairings", group="activities", label=_("Urban-rural pairing"),
                     url_name="resources:pairing-list", action=Action.VIEW_RESOURCES,
                     order=51),
            MenuItem(key="bookings-me", group="mine", label=_("My bookings"),
                     url_name="resources:my-bookings", action=Action.BOOK, order=96),
        ],
        audit_labels=manifest.AuditLabels(actions={
            "retire": pgettext_lazy("audit", "Resource retired"),
            "hours_set": pgettext_lazy("audit", "Opening hours set"),
            "agreement_add": pgettext_lazy("audit", "Sharing agreement added"),
            "photo_add": pgettext_lazy("audit", "Photo added"),
            "member_join": pgettext_lazy("audit", "Joined the sharing platform"),
            "member_update": pgettext_lazy("audit", "Platform member's quota or delegates "
                                                    "changed"),
            "book": pgettext_lazy("audit", "Booked"),
            "book_series": pgettext_lazy("audit", "Weekly booking"),
            "confirm": pgettext_lazy("audit", "Booking confirmed"),
            "decline": pgettext_lazy("audit", "Booking declined"),
            "propose": pgettext_lazy("audit", "Other time proposed"),
            "accept": pgettext_lazy("audit", "Proposal accepted"),
            "cancel": pgettext_lazy("audit", "Booking cancelled"),
            "no_show": pgettext_lazy("audit", "No-show recorded"),
            "check_in": pgettext_lazy("audit", "Checked in"),
            "negotiation_expired": pgettext_lazy("audit", "Negotiation deadline passed"),
            "exchange_add": pgettext_lazy("audit", "Exchange recorded"),
        }, entities={"resource": Resource, "booking": Booking, "platform_member": PlatformMember,
                     "pairing": Pairing, "exchange": Exchange}),
        figures=figures.FIGURES,
        encrypted=[manifest.EncryptedColumns(model, ("contact_phone_enc",), entity, label)
                   for model, entity, label in (
                       (PlatformMember, "platform_member", "platform member"),
                       (SharingAgreement, "resource", "sharing agreement"),
                       (Pairing, "pairing", "pairing"))],
    ))
