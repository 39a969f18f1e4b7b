"""The volunteers' home panels (registered in ``VolunteersConfig.ready()``): service
records waiting for staff to verify, and a resident's points balance. Reads only, through
the selectors."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from shequ.core.home import works_communities

from . import selectors
from .policies import Action


def verifies_in_community(user) -> bool:
    return works_communities(user.scope_for(Action.VERIFY_SERVICE))


def verify_panel(user) -> dict:
    """Service hours count once staff verify them: how many wait."""
    waiting = selectors.record_queue(actor=user).count()
    return {
        "title": _("Volunteering"), "action": None,
        "figures": [{"n": waiting, "label": _("Service records to verify"),
                     "url": reverse("volunteers:record-queue"), "alert": True}],
        "rows": [], "more": None, "empty": "",
    }


def points_panel(user) -> dict | None:
    """The resident's 爱心银行 balance (0 before their first points)."""
    account = selectors.my_account(user)
    return {
        "title": _("My points"), "action": None,
        "figures": [{"n": account.balance if account else 0, "label": _("Points balance"),
                     "url": reverse("volunteers:points-me")}],
        "rows": [], "more": None, "empty": "",
    }
