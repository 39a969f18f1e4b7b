"""The notices' home panel: unread notices and notifications."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors


def unread_panel(user) -> dict | None:
    """The newest unread notices addressed to the user; nothing when all are read."""
    rows = list(selectors.my_notice_list(actor=user, unread=True)[:5])
    if not rows:
        return None
    return {
        "title": _("Unread notices"), "action": None, "figures": [],
        "rows": [{"title": r.notice.title, "meta": r.notice.area.name,
                  "url": reverse("notices:notice-read", args=[r.notice_id]), "alert": False}
                 for r in rows],
        "more": {"label": _("All notices"), "url": reverse("notices:my-list")},
        "empty": "",
    }

