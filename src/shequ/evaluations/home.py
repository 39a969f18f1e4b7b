"""The evaluations' home panel: what the signed-in person is asked to answer now (a survey
of where they live, a unit's rating of its community). Reads only, through the selectors;
nothing to answer shows nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .policies import Action, commitment_policy


def rates_commitments(user) -> bool:
    """The menu's predicate for 评诺: a resident or party member (staff rate from the
    commitment list)."""
    return (commitment_policy.holds(user, Action.RATE_COMMITMENTS)
            and not commitment_policy.holds(user, Action.MANAGE_EVALUATIONS))


def _row(item) -> dict:
    r, pair = item["round"], item["pair"]
    url = (reverse("evaluations:respond-pair", args=[r.pk, pair.pk]) if pair is not None
           else reverse("evaluations:respond", args=[r.pk]))
    meta = _("until %(at)s") % {"at": f"{timezone.localtime(r.closes_at):%m-%d %H:%M}"}
    if pair is not None:
        meta = f"{pair.unit.name} → {pair.community.name} · {meta}"
    return {"title": r.title, "meta": meta, "url": url, "alert": False}


def respondent_panel(user) -> dict | None:
    todo = [i for i in selectors.my_rounds(user) if not i["done"]]
    if not todo:
        return None
    return {"title": _("Surveys and evaluations to answer"), "action": None, "figures": [],
            "rows": [_row(i) for i in todo[:3]],
            "more": {"label": _("All my surveys"), "url": reverse("evaluations:my-rounds")},
            "empty": ""}
