"""The figures organizations offer the dashboard: party organisations per child area,
scoped like their list, drilling to the list filtered to the area."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, drill_to, per_child

from .models import PartyOrg
from .selectors import VIEW


def _orgs(actor, place, period):
    return per_child(PartyOrg.objects.for_actor(actor, VIEW), place)


FIGURES = [
    Figure(key="organizations.party_orgs", label=_("Party organisations"), unit=_("organisations"),
           action=VIEW, compute=_orgs, drill_url=drill_to("organizations:party-org-list"),
           group=_("Party"), order=21),
]
