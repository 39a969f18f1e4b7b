"""The figures the registry offers the dashboard (``AppManifest.figures``): residents, the
special groups (residents with a care tag) and party members, each scoped through the
registry's policies and grouped per child area in one query."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.figures import Figure, drill_to, per_child

from .policies import party_member_policy, resident_policy

GROUP = pgettext_lazy("group", "People")


def _residents(actor, place, period):
    return per_child(resident_policy.instances_for(actor).filter(is_active=True), place)


def _special(actor, place, period):
    qs = resident_policy.instances_for(actor).filter(is_active=True, tags__isnull=False)
    return per_child(qs, place, value=Count("pk", distinct=True))


def _members(actor, place, period):
    return per_child(party_member_policy.instances_for(actor), place)


_resident_list = drill_to("registry:resident-list")


FIGURES = [
    Figure(key="registry.residents", label=_("Residents"), unit=pgettext_lazy("unit", "people"),
           action=resident_policy.view_action, compute=_residents, drill_url=_resident_list,
           needs_cache=True, group=GROUP, order=10),
    Figure(key="registry.special_groups", label=_("Special groups"),
           unit=pgettext_lazy("unit", "people"),
           action=resident_policy.view_action, compute=_special, drill_url=_resident_list,
           needs_cache=True, group=GROUP, order=11),
    Figure(key="registry.party_members", label=_("Party members"),
           unit=pgettext_lazy("unit", "people"),
           action=party_member_policy.view_action, compute=_members, chart="pie",
           drill_url=drill_to("registry:party-member-list"), group=_("Party"), order=20),
]
