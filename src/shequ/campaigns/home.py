"""The campaigns' home panels (registered in ``CampaignsConfig.ready()``): the staff's
coming activities with their sign-ups, and a resident's own sign-ups and open votes.
Reads only, through the selectors; a fixed number of queries each."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.home import works_communities
from shequ.registry.selectors import resident_of

from . import selectors
from .models import SelectionState, Signup, SignupState
from .policies import Action

ROWS = 5


def runs_activities_in_community(user) -> bool:
    return works_communities(user.scope_for(Action.MANAGE_ACTIVITIES))


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M")


def activities_panel(user) -> dict:
    """Coming activities in the staff's scope: sign-ups against places, waiting lists."""
    rows = []
    for a in selectors.activity_list(actor=user, upcoming=True)[:ROWS]:
        meta = _("%(when)s · %(confirmed)s of %(capacity)s signed up") % {
            "when": _when(a.starts_at), "confirmed": a.confirmed, "capacity": a.capacity}
        if a.waiting:
            meta += " · " + _("%(n)s waiting") % {"n": a.waiting}
        rows.append({"title": a.title, "meta": meta,
                     "url": reverse("campaigns:activity-detail", args=[a.pk]), "alert": False})
    return {
        "title": _("Coming activities"), "action": None, "figures": [], "rows": rows,
        "more": {"label": _("All activities"), "url": reverse("campaigns:activity-list")},
        "empty": _("No activity is coming up."),
    }


def my_activities_panel(user) -> dict:
    """The resident's coming sign-ups and the selections open for their vote."""
    resident = resident_of(user)
    mine = Signup.objects.none() if resident is None else (
        Signup.objects.filter(resident=resident, activity__ends_at__gte=timezone.now())
        .exclude(state=SignupState.CANCELLED))
    signups = list(mine.select_related("activity").order_by("activity__starts_at", "id")[:ROWS])
    open_votes = selectors.selection_list(actor=user, state=SelectionState.VOTING)
    votes = list(open_votes[:ROWS])
    rows = [{"title": s.activity.title,
             "meta": f"{_when(s.activity.starts_at)} · {s.get_state_display()}",
             "url": reverse("campaigns:activity-detail", args=[s.activity_id]), "alert": False}
            for s in signups]
    rows += [{"title": sel.title, "meta": _("Voting is open"),
              "url": reverse("campaigns:selection-detail", args=[sel.pk]), "alert": True}
             for sel in votes]
    return {
        "title": _("Activities and votes"), "action": None,
        "figures": [
            {"n": mine.count() if len(signups) == ROWS else len(signups),
             "label": _("My sign-ups"),
             "url": reverse("campaigns:activity-list")},
            {"n": open_votes.count() if len(votes) == ROWS else len(votes),
             "label": _("Open votes"),
             "url": reverse("campaigns:selection-list"), "alert": True},
        ],
        "rows": rows,
        "more": {"label": _("All activities"), "url": reverse("campaigns:activity-list")},
        "empty": "",
    }
