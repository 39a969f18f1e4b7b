"""Party organisations follow what they are attached to.

* A whole area moved (``territory.services.area_move``, through the manifest's
  ``area_move_hooks``): an organisation inside it whose parent stayed behind (the old
  street's 党工委 above a moved community's 党委, the old community's 党委 above a moved
  grid's branch) is put under the organisation of the same kind at the same level of the
  new place — when there is exactly one; otherwise the move is refused with the reason.
* A unit moved to another area (``unit_update``, a re-imported workbook): its own
  organisation (and what hangs below it at the same area) moves to the unit's new area;
  its parent is kept when it still covers the new place, else replaced as above or the
  unit's move is refused; it leaves the 大党委 of committees that no longer cover it and
  joins the new community's one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict
from shequ.territory.models import Area, AreaKind

from .models import OrgKind, PartyOrg, Unit


def _covers(outer: str, inner: str) -> bool:
    return inner == outer or inner.startswith(outer + ".")


def _same_level(parent: PartyOrg, place: str) -> PartyOrg:
    """The organisation of ``parent``'s kind attached at ``place``'s ancestor of the depth
    of ``parent``'s area: who takes over as parent after a move; Conflict when none or
    several."""
    depth = parent.path.count(".") + 1
    path = ".".join(place.split(".")[:depth])
    found = list(PartyOrg.objects.filter(kind=parent.kind, path=path)[:2])
    if len(found) != 1:
        area = Area.objects.filter(path=path).first()
        names = {"area": area.name if area else path, "kind": parent.get_kind_display(),
                 "parent": parent.name}
        if not found:
            raise Conflict(_("%(area)s has no %(kind)s to take over from %(parent)s: create "
                             "it first.") % names, field="parent")
        raise Conflict(_("%(area)s has several %(kind)s: move the organisations under "
                         "%(parent)s yourself first.") % names, field="parent")
    return found[0]


def _reparent(actor, org: PartyOrg, parent: PartyOrg) -> None:
    before = org.parent_id
    PartyOrg.objects.filter(pk=org.pk).update(parent=parent)
    audit.record(actor=actor, action="move", entity="party_org", entity_id=org.pk,
                 summary=org.name, before={"parent": before}, after={"parent": parent.pk})


def party_orgs_follow_area(*, actor, area: Area, old_path: str) -> None:
    """The ``area_move_hooks`` entry (paths are already rewritten)."""
    inside = (PartyOrg.objects.filter(path__gte=area.path, path__lt=area.path + ".~")
              .select_related("parent").order_by("path", "pk"))
    for org in inside:
        if org.parent is not None and not _covers(org.parent.path, org.path):
            _reparent(actor, org, _same_level(org.parent, area.path))


def unit_orgs_follow(*, actor, unit: Unit, old_area: Area, area: Area) -> None:
    """Called by ``unit_update`` in its transaction when the unit changes area."""
    for org in PartyOrg.objects.filter(unit=unit).select_related("parent"):
        if org.area_id != old_area.pk:
            continue  # attached elsewhere on purpose: left alone
        moving = _subtree_at(org, old_area)
        if org.parent is not None and not _covers(org.parent.path, area.path):
            _reparent(actor, org, _same_level(org.parent, area.path))
        PartyOrg.objects.filter(pk__in=[o.pk for o in moving]).update(area=area, path=area.path)
        audit.record(actor=actor, action="move", entity="party_org", entity_id=org.pk,
                     summary=org.name, before={"area": old_area.path},
                     after={"area": area.path, "with_below": len(moving) - 1})
        _committees_follow(actor, org, area)


def _subtree_at(org: PartyOrg, old_area: Area) -> list[PartyOrg]:
    """``org`` and everything below it; all of it must sit at the unit's old area."""
    out, todo = [], [org]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(node.children.all())
    elsewhere = [o for o in out if o.area_id != old_area.pk]
    if elsewhere:
        raise Conflict(_("%(org)s cannot follow the unit: %(below)s below it is attached "
                         "elsewhere. Move it first.") % {"org": org.name,
                                                          "below": elsewhere[0].name},
                       field="area")
    return out


def _committees_follow(actor, org: PartyOrg, area: Area) -> None:
    """Leave the 大党委 that no longer cover the unit; join its new community's."""
    for committee in org.member_of.all():
        if not _covers(committee.path, area.path):
            org.member_of.remove(committee)
            audit.record(actor=actor, action="committee_member_remove", entity="party_org",
                         entity_id=committee.pk, summary=f"{org} → {committee}",
                         before={"org": org.pk})
    if area.kind != AreaKind.COMMUNITY:
        return
    committee = PartyOrg.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE, area=area).first()
    if committee is not None and org.kind == OrgKind.UNIT_ORG \
            and not org.member_of.filter(pk=committee.pk).exists():
        org.member_of.add(committee)
        audit.record(actor=actor, action="committee_member_add", entity="party_org",
                     entity_id=committee.pk, summary=f"{org} → {committee}",
                     after={"org": org.pk})
