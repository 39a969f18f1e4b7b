"""联席会议 resolutions: the list in scope (staff), the list of the units a liaison answers
for, a resolution's own page with its follow-ups, and the follow-up form both post to the
same service."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.kit import Column, ListPage, YesNoField, act_form

from .. import selectors, services
from ..forms import FollowUpForm
from ..policies import Action, meeting_policy, resolution_policy, unit_ids
from .meetings import detail_url


def resolution_url(resolution_id) -> str:
    return reverse("deliberation:resolution-detail", args=[resolution_id])


class ResolutionFilterForm(forms.Form):
    overdue = YesNoField(label=gettext_lazy("Overdue"))


_COLUMNS = [
    Column(gettext_lazy("Unit"), "unit.name"),
    Column(pgettext_lazy("resolution", "Deadline"), "due_on"),
    Column(gettext_lazy("Status"), "get_status_display"),
    Column(gettext_lazy("Overdue"), "is_overdue"),
]


class ResolutionList(ListPage):
    title = gettext_lazy("Joint meeting resolutions")
    action = Action.VIEW_MATTERS
    columns = [Column(gettext_lazy("Resolution"), "text", link=lambda r: detail_url(r.meeting_id)),
               *_COLUMNS]
    filter_form = ResolutionFilterForm
    download_name, download_action = "resolutions", Action.VIEW_MATTERS
    row_key, empty_text = "resolution", gettext_lazy("No resolutions.")

    def rows(self, filters):
        return selectors.resolution_list(actor=self.request.user,
                                         overdue=bool(filters.get("overdue")))


class UnitResolutionList(ResolutionList):
    """A unit liaison's: the resolutions assigned to their units, each linked to its page
    (the meeting's page is the community's, not theirs)."""

    title = gettext_lazy("My unit's resolutions")
    action = Action.UNIT_RESOLUTIONS
    columns = [Column(gettext_lazy("Resolution"), "text", link=lambda r: resolution_url(r.pk)),
               Column(gettext_lazy("Meeting"), "meeting.title"), *_COLUMNS]
    download_name = ""
    empty_text = gettext_lazy("No resolution is assigned to your unit.")

    def rows(self, filters):
        return selectors.resolution_list(actor=self.request.user, mine=True,
                                         overdue=bool(filters.get("overdue")))


@login_required
@require_GET
def resolution_detail(request, resolution_id):
    """Who may see the resolution (staff in scope, its unit's liaison) gets the page; who may
    follow it up gets the form."""
    user = request.user
    resolution = selectors.resolution_get_for_actor(user, resolution_id)
    return render(request, "deliberation/resolution_detail.html", {
        "resolution": resolution, "updates": selectors.resolution_updates(resolution),
        "may_follow": resolution_policy.can(user, Action.FOLLOW_UP_RESOLUTIONS, resolution),
        "sees_meeting": meeting_policy.can(user, Action.VIEW_MATTERS, resolution.meeting),
        "mine": resolution.unit_id in unit_ids(user), "follow_form": FollowUpForm()})


_BACK = {"list": "deliberation:resolution-list", "mine": "deliberation:resolution-mine"}


@login_required
@require_POST
def follow_up(request, resolution_id):
    resolution = selectors.resolution_get_for_actor(request.user, resolution_id)
    back = request.POST.get("back")
    url = (reverse(_BACK[back]) if back in _BACK else resolution_url(resolution.pk)
           if back == "page" else detail_url(resolution.meeting_id))
    return act_form(request, FollowUpForm(request.POST), services.resolution_follow_up,
                    _("Follow-up recorded."), url, resolution=resolution)
