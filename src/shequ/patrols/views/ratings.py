"""平安楼栋: the ranked list of a month's building ratings (formula on the page), computing
them for a community, and offering the best to a 平安楼栋 selection as its shortlist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shequ.campaigns import selectors as campaign_selectors
from shequ.campaigns.models import SelectionKind, SelectionState
from shequ.core.errors import NotFound
from shequ.core.kit import Column, ListPage, act
from shequ.territory import selectors as territory_selectors
from shequ.territory.models import AreaKind

from .. import selectors, services
from ..forms import RatingFilterForm, ShortlistForm
from ..policies import Action, rating_policy


class RatingList(ListPage):
    title, action = gettext_lazy("平安楼栋 ratings"), Action.VIEW_PATROLS
    columns = [
        Column(gettext_lazy("Building"), "building"),
        Column(gettext_lazy("Grid"), "building.grid.name"),
        Column(gettext_lazy("Score"), "score"),
        Column(gettext_lazy("Patrol coverage"), lambda r: f"{round(100 * r.coverage)}%"),
        Column(gettext_lazy("Incidents"), "incidents"),
        Column(gettext_lazy("Stability cases"), "cases"),
    ]
    filter_form = RatingFilterForm
    row_key, empty_text = "rating", gettext_lazy("No ratings for this month yet.")
    download_name, download_action = "safe-buildings", Action.VIEW_PATROLS
    template_name = "patrols/rating_list.html"

    def filter_form_kwargs(self):
        return {"communities": selectors.areas_for(self.request.user, Action.VIEW_PATROLS,
                                                   AreaKind.COMMUNITY)}

    def rows(self, filters):
        self.month = (filters.get("month") or timezone.localdate()).replace(day=1)
        community = filters.get("community")
        qs = selectors.rating_list(actor=self.request.user, month=self.month,
                                   area_path=community.path if community else "")
        if filters.get("q"):
            qs = qs.filter(building__name__startswith=filters["q"])
        return qs

    def context(self):
        user = self.request.user
        manage = rating_policy.holds(user, Action.MANAGE_PATROLS)
        communities = selectors.areas_for(user, Action.MANAGE_PATROLS, AreaKind.COMMUNITY)
        selections = campaign_selectors.selection_list(
            actor=user, kind=SelectionKind.SAFE_BUILDING, state=SelectionState.NOMINATING)
        return {"formula": services.FORMULA, "month": self.month, "manage": manage,
                "communities": communities if manage else [],
                "shortlist": ShortlistForm(selections=selections) if manage else None}


@login_required
@require_POST
def ratings_compute(request):
    user = request.user
    month = selectors.month_param(request.POST.get("month"))
    community = territory_selectors.area_get_for_actor(user, request.POST.get("community"))
    back = reverse("patrols:rating-list") + f"?month={month:%Y-%m}&community={community.pk}"
    return act(request, services.ratings_compute, _("Ratings computed."), back,
               community=community, month=month)


@login_required
@require_POST
def shortlist_offer(request):
    user = request.user
    month = selectors.month_param(request.POST.get("month"))
    form = ShortlistForm(request.POST, selections=campaign_selectors.selection_list(
        actor=user, kind=SelectionKind.SAFE_BUILDING, state=SelectionState.NOMINATING))
    if not form.is_valid():
        raise NotFound(field="selection")
    selection = form.cleaned_data["selection"]
    return act(request, services.shortlist_offer, _("The shortlist is nominated."),
               reverse("campaigns:selection-detail", args=[selection.pk]),
               selection=selection, month=month, size=form.cleaned_data["size"])
