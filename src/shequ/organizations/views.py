"""Party organisations in the user's scope, as an indented tree list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shequ.core.errors import NotFound
from shequ.territory.filters import area_choices_for_filter, in_area

from . import selectors
from .forms import PartyOrgFilterForm
from .models import OrgKind

# Indentation by kind: committee → branch → group reads as a tree on a phone.
_LEVEL = {
    OrgKind.DISTRICT_COMMITTEE: 0,
    OrgKind.STREET_WORKING_COMMITTEE: 1,
    OrgKind.UNIT_ORG: 2,
    OrgKind.COMMUNITY_COMMITTEE: 2,
    OrgKind.AREA_GENERAL_BRANCH: 3,
    OrgKind.BRANCH: 4,
    OrgKind.GROUP: 5,
}


@login_required
@require_GET
def party_org_list(request):
    user = request.user
    if not user.can(selectors.VIEW):
        raise NotFound()
    form = PartyOrgFilterForm(request.GET)
    form.fields["area"].offer(area_choices_for_filter(user, selectors.VIEW))
    orgs = selectors.party_org_list(actor=user)
    if form.is_valid():
        if form.cleaned_data["kind"]:
            orgs = orgs.filter(kind=form.cleaned_data["kind"])
        orgs = in_area(orgs, actor=user, action=selectors.VIEW,
                       area_id=form.cleaned_data["area"])
    rows = list(orgs)
    top = min((_LEVEL.get(o.kind, 0) for o in rows), default=0)
    for o in rows:
        o.level = _LEVEL.get(o.kind, 0) - top
    return render(request, "organizations/party_org_list.html",
                  {"form": form, "orgs": rows, "can_edit": user.can("edit_party")})
