"""五个基本 of each branch, computed from the records that exist, for any number of
branches in a fixed number of grouped queries (no query per branch):

=========  ===================================================  ======
item       evidence                                             points
=========  ===================================================  ======
基本组织   the committee confirmed complete (10) and its         20
           election record uploaded (10)
基本队伍   full members in the branch and its 党小组: 3 or more  20
           (20), 1–2 (10) — a branch needs three full members
基本活动   三会一课 held against the requirements over the       20
           twelve months ending with the last whole quarter
基本制度   the branch's rules uploaded                          20
基本保障   a venue in its community (shared resources, 10) and  20
           the year's funds recorded (10)
=========  ===================================================  ======

A branch below ``STANDARD`` points is below standard and listed for follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.organizations.models import OrgKind, PartyOrg
from shequ.registry.models import MembershipStatus, PartyMember
from shequ.resources.models import Resource, ResourceKind

from ..models import BranchDocument, BranchProfile, DocumentKind
from ..rules import last_year_window
from .meetings import branch_list, check
from .members import members_q

STANDARD = 80
ITEMS = (("organisation", _("Basic organisation")), ("team", _("Basic team")),
         ("activities", _("Basic activities")), ("rules", _("Basic rules")),
         ("support", _("Basic support")))


@dataclass
class Basics:
    branch: PartyOrg
    committee_complete: bool = False
    election_record: bool = False
    members: int = 0
    meetings_met: int = 0
    meetings_required: int = 0
    rules: bool = False
    venue: bool = False
    funds: float = 0.0
    points: dict = field(default_factory=dict)
    street: str = ""
    community: str = ""

    @property
    def score(self) -> int:
        return sum(self.points.values())

    @property
    def below_standard(self) -> bool:
        return self.score < STANDARD

    @property
    def items(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.points[key]) for key, label in ITEMS]


def _points(b: Basics) -> dict:
    activity = (round(20 * b.meetings_met / b.meetings_required)
                if b.meetings_required else 0)
    return {"organisation": 10 * b.committee_complete + 10 * b.election_record,
            "team": 20 if b.members >= 3 else 10 if b.members else 0,
            "activities": activity, "rules": 20 * b.rules,
            "support": 10 * b.venue + 10 * (b.funds > 0)}


def basics_for(branches, today=None) -> list[Basics]:
    """五个基本 of ``branches`` (a queryset), in its order: seven queries in all."""
    from ..places import place_names

    today = today or timezone.localdate()
    ids = branches.values("pk")
    out = {b.pk: Basics(branch=b) for b in branches}
    members = (PartyMember.objects.filter(members_q(ids), status=MembershipStatus.FULL)
               .annotate(b=Case(When(org__kind=OrgKind.GROUP, then=F("org__parent_id")),
                                default=F("org_id")))
               .values("b").annotate(n=Count("id")).order_by())
    for r in members:
        if r["b"] in out:
            out[r["b"]].members = r["n"]
    for pk, done, money in BranchProfile.objects.filter(branch__in=ids).values_list(
            "branch_id", "committee_complete", "funds_amount"):
        out[pk].committee_complete, out[pk].funds = done, float(money)
    for pk, kind in BranchDocument.objects.filter(branch__in=ids).values_list(
            "branch_id", "kind").distinct():
        if kind == DocumentKind.RULES:
            out[pk].rules = True
        elif kind == DocumentKind.COMMITTEE:
            out[pk].election_record = True
    venues = set(Resource.objects.filter(kind=ResourceKind.VENUE, retired_at__isnull=True)
                 .values_list("path", flat=True).distinct())
    _gaps, met = check(branches, *last_year_window(today))
    names = place_names(b.branch.path for b in out.values())
    for b in out.values():
        parts = b.branch.path.split(".")
        b.venue = ".".join(parts[:3]) in venues
        b.meetings_met, b.meetings_required = met.get(b.branch.pk, (0, 0))
        b.street, b.community = names.get(".".join(parts[:2]), ""), names.get(
            ".".join(parts[:3]), "")
        b.points = _points(b)
    return list(out.values())


def basics_list(*, actor, area_path: str = "", below_only: bool = False,
                today=None) -> list[Basics]:
    """五个基本 of the branches in scope; ``below_only`` keeps those below standard."""
    rows = basics_for(branch_list(actor=actor, area_path=area_path), today)
    return [b for b in rows if b.below_standard] if below_only else rows
