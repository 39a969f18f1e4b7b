"""Reads of the 党建责任 chain: the items an actor sees (their place's, and the items above
that theirs derive from), one item with its children and evidence, and the closed-loop view
— where the chain is broken: an item not passed down to a place one level below it (within
the actor's sight), overdue, or without evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.organizations.models import PartyOrg
from shequ.territory.models import Area, AreaKind

from ..models import BRANCH_KINDS, Level, Responsibility
from ..policies import Action, ancestors_of, responsibility_policy

CHILD_KIND = {Level.DISTRICT: AreaKind.STREET, Level.STREET: AreaKind.COMMUNITY}


def _within(paths) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path=p) | Q(path__gte=p + ".", path__lt=p + ".~")
    return q


def responsibility_list(*, actor, level: str = "") -> QuerySet[Responsibility]:
    """Items at the actor's places and the items above them, with evidence counted."""
    places = responsibility_policy.places(actor)
    above = {a for p in places for a in ancestors_of(p)}
    qs = (responsibility_policy.instances_for(actor)
          | Responsibility.objects.filter(path__in=above))
    if level:
        qs = qs.filter(level=level)
    return (qs.select_related("area", "branch", "parent")
            .annotate(evidence_count=Count("evidence"))
            .order_by("path", "due_on", "id"))


def responsibility_get_for_actor(actor, item_id) -> Responsibility:
    row = responsibility_list(actor=actor).filter(pk=item_id).first()
    if row is None:
        raise NotFound()
    return row


def may_manage(actor, item) -> bool:
    return responsibility_policy.can(actor, Action.MANAGE_CHAIN, item)


def children(item: Responsibility) -> list[Responsibility]:
    return list(item.children.select_related("area", "branch")
                .annotate(evidence_count=Count("evidence")).order_by("path", "id"))


@dataclass
class Link:
    item: Responsibility
    overdue: bool
    no_evidence: bool
    missing: list[str] = field(default_factory=list)   # places not passed down to

    @property
    def broken(self) -> bool:
        return self.overdue or self.no_evidence or bool(self.missing)


def _expected(items, places) -> dict[int, list[tuple[str, str]]]:
    """Per item, the (path, name) of the places one level below it the actor sees."""
    sight = _within(places)
    by_kind = {kind: list(Area.objects.filter(sight, kind=kind).values_list("path", "name"))
               for kind in {CHILD_KIND[i.level] for i in items if i.level in CHILD_KIND}}
    branches = (list(PartyOrg.objects.filter(sight, kind__in=BRANCH_KINDS)
                     .values_list("path", "name", "pk"))
                if any(i.level == Level.COMMUNITY for i in items) else [])
    out = {}
    for i in items:
        if i.level == Level.COMMUNITY:
            out[i.pk] = [(f"b{pk}", name) for path, name, pk in branches
                         if path == i.path or path.startswith(i.path + ".")]
        elif i.level in CHILD_KIND:
            depth = i.path.count(".") + 1
            out[i.pk] = [(p, n) for p, n in by_kind[CHILD_KIND[i.level]]
                         if p.startswith(i.path + ".") and p.count(".") == depth]
    return out


def chain_view(*, actor, broken_only: bool = False, today=None) -> list[Link]:
    """Every item the actor sees with what breaks the loop at it (four queries)."""
    today = today or timezone.localdate()
    rank = {level: n for n, level in enumerate(Level.values)}
    # a place's own item before its branches' (a fallback branch shares the community's path)
    items = sorted(responsibility_list(actor=actor),
                   key=lambda i: (i.path.split(".")[:3], rank[i.level], i.path, i.due_on, i.pk))
    places = responsibility_policy.places(actor)
    expected = _expected(items, places)
    passed: dict[int, set[str]] = {}
    for parent_id, path, branch_id in Responsibility.objects.filter(
            parent__in=[i.pk for i in items]).values_list("parent_id", "path", "branch_id"):
        passed.setdefault(parent_id, set()).add(f"b{branch_id}" if branch_id else path)
    links = [Link(item=i, overdue=i.done_on is None and i.due_on < today,
                  no_evidence=not i.evidence_count,
                  missing=[n for key, n in expected.get(i.pk, [])
                           if key not in passed.get(i.pk, set())])
             for i in items]
    return [lk for lk in links if lk.broken] if broken_only else links


def districts_for(actor) -> QuerySet[Area]:
    """Districts where the actor may start a chain."""
    return (Area.objects.for_actor(actor, Action.MANAGE_CHAIN)
            .filter(kind=AreaKind.DISTRICT).order_by("path"))


def derive_choices(actor, parent: Responsibility):
    """(areas, branches) a child of ``parent`` may go to where the actor holds the chain:
    the areas one level below for a district's or street's item, else the branches."""
    if parent.level == Level.COMMUNITY:
        inside = Q(path=parent.path) | Q(path__gte=parent.path + ".",
                                         path__lt=parent.path + ".~")
        return None, (PartyOrg.objects.for_actor(actor, Action.MANAGE_CHAIN)
                      .filter(inside, kind__in=BRANCH_KINDS).order_by("path", "name"))
    if parent.level not in CHILD_KIND:
        raise NotFound()
    return (Area.objects.for_actor(actor, Action.MANAGE_CHAIN)
            .filter(kind=CHILD_KIND[parent.level], path__gte=parent.path + ".",
                    path__lt=parent.path + ".~").order_by("path")), None
