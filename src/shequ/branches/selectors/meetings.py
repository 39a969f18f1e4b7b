"""Reads of branches and 三会一课: the branches in scope, a branch's meetings, a meeting's
attendance, a member's own branch meetings, and the requirement check (held meetings per
branch, kind and period against the rules) with the shortfalls listed for follow-up."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from shequ.core.errors import NotFound
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember
from shequ.registry.selectors import resident_of

from ..models import BRANCH_KINDS, Meeting, MeetingKind
from ..policies import Action, meeting_policy
from ..rules import month_index, month_start, period_label, periods, rules_for


def branch_list(*, actor, area_path: str = "", q: str = "") -> QuerySet[PartyOrg]:
    """The party branches where the actor holds the branches' view, by place."""
    qs = PartyOrg.objects.for_actor(actor, Action.VIEW_BRANCHES).filter(kind__in=BRANCH_KINDS)
    if area_path:
        qs = qs.filter(Q(path=area_path) | Q(path__gte=area_path + ".",
                                             path__lt=area_path + ".~"))
    if q:
        qs = qs.filter(name__icontains=q.strip())
    return qs.select_related("area").order_by("path", "name", "id")


def branch_get_for_actor(actor, branch_id) -> PartyOrg:
    row = branch_list(actor=actor).filter(pk=branch_id).first()
    if row is None:
        raise NotFound()
    return row


def own_branch_id(actor) -> int | None:
    """The branch of a signed-in party member (their group's branch for a group member)."""
    resident = resident_of(actor)
    if resident is None:
        return None
    member = PartyMember.objects.filter(resident=resident).select_related("org").first()
    if member is None:
        return None
    if member.org.kind in BRANCH_KINDS:
        return member.org_id
    return member.org.parent_id if member.org.parent_id else None


def meeting_list(*, actor, branch_id: int | None = None, kind: str = "",
                 area_path: str = "", held: bool | None = None) -> QuerySet[Meeting]:
    """Meetings the actor may see — staff their scope, a member their own branch's —
    with how many signed in, newest planned first."""
    qs = Meeting.objects.for_actor(actor, Action.VIEW_BRANCHES)
    own = own_branch_id(actor)
    if own is not None:
        qs = qs | Meeting.objects.filter(branch_id=own)
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    if kind:
        qs = qs.filter(kind=kind)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    if held is not None:
        qs = qs.filter(held_on__isnull=not held)
    return (qs.select_related("branch").annotate(present=Count("attendances"))
            .order_by("-planned_on", "-id"))


def meeting_get_for_actor(actor, meeting_id) -> Meeting:
    row = meeting_list(actor=actor).filter(pk=meeting_id).first()
    if row is None:
        raise NotFound()
    return row


def may_manage(actor, meeting_or_branch) -> bool:
    return meeting_policy.can(actor, Action.MANAGE_BRANCHES, meeting_or_branch)


def meeting_for_token(token: str) -> Meeting:
    row = Meeting.objects.select_related("branch").filter(checkin_token=token).first()
    if row is None:
        raise NotFound()
    return row


def attendance(meeting: Meeting) -> list[tuple[PartyMember, bool]]:
    """The branch's members, each with whether they attended (two queries)."""
    from .members import branch_members

    present = set(meeting.attendances.values_list("member_id", flat=True))
    return [(m, m.pk in present) for m in branch_members(meeting.branch_id)]


# -- the requirement check -------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    """A period in which a branch held fewer meetings of a kind than required."""

    branch_id: int
    kind: str
    period: str
    held: int
    required: int

    @property
    def kind_label(self) -> str:
        return MeetingKind(self.kind).label


def held_counts(branches: QuerySet[PartyOrg], first: int, last: int
                ) -> dict[tuple[int, str, int], int]:
    """Meetings held per (branch, kind, month index) in months ``first``…``last``: one
    grouped query for any number of branches."""
    rows = (Meeting.objects.filter(branch__in=branches.values("pk"),
                                   held_on__gte=month_start(first),
                                   held_on__lt=month_start(last + 1))
            .annotate(y=ExtractYear("held_on"), m=ExtractMonth("held_on"))
            .values("branch_id", "kind", "y", "m").annotate(n=Count("id")).order_by())
    return {(r["branch_id"], r["kind"], r["y"] * 12 + r["m"] - 1): r["n"] for r in rows}


def check(branches: QuerySet[PartyOrg], first: int, last: int
          ) -> tuple[dict[int, list[Gap]], dict[int, tuple[int, int]]]:
    """The shortfalls of each branch over months ``first``…``last`` (periods wholly inside
    them), and per branch (met, required) — meetings counted up to what each period asks."""
    counts = held_counts(branches, first, last)
    gaps: dict[int, list[Gap]] = defaultdict(list)
    met: dict[int, tuple[int, int]] = {}
    district_rules: dict[str, dict] = {}
    for pk, path in branches.values_list("pk", "path"):
        district = path.split(".")[0]
        if district not in district_rules:
            district_rules[district] = rules_for(district)
        done = asked = 0
        for rule in district_rules[district].values():
            for start in periods(rule, first, last):
                held = sum(counts.get((pk, rule.kind, m), 0)
                           for m in range(start, start + rule.every_months))
                done, asked = done + min(held, rule.times), asked + rule.times
                if held < rule.times:
                    gaps[pk].append(Gap(pk, rule.kind, period_label(start, rule.every_months),
                                        held, rule.times))
        met[pk] = (done, asked)
    return gaps, met


def shortfalls(*, actor, first: int, last: int, area_path: str = "") -> list[dict]:
    """The branches in scope short of a requirement in months ``first``…``last``, grouped
    with their street and community for follow-up (periods still running are left out)."""
    from ..places import place_names

    branches = branch_list(actor=actor, area_path=area_path)
    gaps, _met = check(branches, first, last)
    rows = [b for b in branches if gaps.get(b.pk)]
    names = place_names(b.path for b in rows)
    return [{"branch": b, "street": names.get(".".join(b.path.split(".")[:2]), ""),
             "community": names.get(".".join(b.path.split(".")[:3]), ""), "gaps": gaps[b.pk]}
            for b in rows]


def ended_months(first: int, last: int, today) -> tuple[int, int]:
    """``first``…``last`` cut at the last month that has ended by ``today``."""
    return first, min(last, month_index(today) - 1)


def manageable_branches(actor) -> QuerySet[PartyOrg]:
    """Branches the actor may record meetings of (the choice of a new record)."""
    return (PartyOrg.objects.for_actor(actor, Action.MANAGE_BRANCHES)
            .filter(kind__in=BRANCH_KINDS).order_by("path", "name"))


def district_of(actor):
    """The district where the actor sets the 三会一课 requirements."""
    from shequ.territory.models import Area, AreaKind

    row = (Area.objects.for_actor(actor, Action.CONFIGURE_RULES)
           .filter(kind=AreaKind.DISTRICT).order_by("path").first())
    if row is None:
        raise NotFound()
    return row


def require_view(actor) -> None:
    """Staff lists (shortfalls): nobody without the branches' view anywhere."""
    if not meeting_policy.holds(actor, Action.VIEW_BRANCHES):
        raise NotFound()
