"""The services app's one registration with the shell (``core.manifest``): role actions,
policies, menu, home panel, audit labels and error codes, and the counter that makes a
logged household visit count in ledgers' monthly evaluation of grid workers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.home import HomePanel
from shequ.core.menus import MenuItem

from . import figures, home, models
from .errors import ServiceErrorCode
from .policies import POLICIES, ROLE_ACTIONS, Action
from .services import visits_counted


def services_manifest(label: str) -> manifest.AppManifest:
    return manifest.AppManifest(
        label=label,
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        error_codes=[ServiceErrorCode],
        figures=figures.FIGURES,
        visit_counters=[visits_counted],
        menu=[
            MenuItem(key="service-requests", group="cases", label=_("Service requests"),
                     url_name="services:request-list", action=Action.VIEW_SERVICES, order=62),
            MenuItem(key="service-catalogue", group="cases", label=_("Service catalogue"),
                     url_name="services:item-list", action=Action.VIEW_SERVICES, order=63),
            MenuItem(key="service-opinions", group="cases", label=_("民情说吧"),
                     url_name="services:session-list", action=Action.RECORD_OPINIONS,
                     order=64),
            MenuItem(key="service-home", group="cases", label=_("Home service round"),
                     url_name="services:home-round", action=Action.HANDLE_REQUESTS, order=65),
            MenuItem(key="services-me", group="mine", label=_("My service requests"),
                     url_name="services:my-requests", action=Action.SELF_SERVICE, order=97),
        ],
        home_panels=[HomePanel(key="services-due", data=home.due_panel,
                               action=home.takes_requests, order=16)],
        audit_labels=manifest.AuditLabels(actions={
            "retire_item": pgettext_lazy("audit", "Service retired"),
            "request_submit": pgettext_lazy("audit", "Service requested"),
            "request_accept": pgettext_lazy("audit", "Service request accepted"),
            "request_hand_off": pgettext_lazy("audit", "Service request handed off"),
            "request_complete": pgettext_lazy("audit", "Service request completed"),
            "request_refuse": pgettext_lazy("audit", "Service request refused"),
            "request_withdraw": pgettext_lazy("audit", "Service request withdrawn"),
            "request_rate": pgettext_lazy("audit", "Service rated"),
            "warn_due": pgettext_lazy("audit", "Service deadline warnings sent"),
            "authorisation_record": pgettext_lazy("audit", "代办 authorisation recorded"),
            "authorisation_revoke": pgettext_lazy("audit", "代办 authorisation revoked"),
            "visit_log": pgettext_lazy("audit", "Household visit logged"),
            "opinion_record": pgettext_lazy("audit", "Opinion recorded"),
            "opinion_answer": pgettext_lazy("audit", "Opinion answered"),
            "opinion_file_case": pgettext_lazy("audit", "Opinion filed as a case"),
            "opinion_refer": pgettext_lazy("audit", "Opinion referred to deliberation"),
        }, entities={
            "service_item": models.CatalogueItem, "service_request": models.ServiceRequest,
            "service_authorisation": models.Authorisation, "household_visit": models.Visit,
            "opinion_session": models.OpinionSession, "opinion": models.Opinion,
        }, fields={
            "holder": pgettext_lazy("audit", "Now with"),
            "granted_by": pgettext_lazy("audit", "Authorised by"),
            "valid_until": pgettext_lazy("audit", "Valid until"),
            "deliberation_ref": pgettext_lazy("audit", "Deliberation matter"),
        }),
    )

