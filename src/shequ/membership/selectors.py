"""Scoped reads of the online party branch: the branches in sight, a branch's dues and
arrears, a member's annual statement, transfers (sending and receiving side), posts.

A branch is any party organisation members are attached to (``PartyMember.org``); staff
see those in their ``view_branch`` scope, one ``NotFound`` for missing and out of sight."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.actors import is_system
from shequ.core.errors import NotFound
from shequ.notices.models import NoticeReceipt
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember
from shequ.registry.selectors import resident_of

from .models import OPEN_STATES, BranchPost, DuesPayment, DuesProfile, Transfer
from .policies import Action, dues_policy, post_policy, transfer_policy
from .services.dues import add_months, month_start
from .services.dues_import import branch_members

ZERO = Decimal("0.00")


def _in_places(places, field_name: str) -> Q:
    q = Q(pk__in=[])
    for p in places:
        q |= Q(**{f"{field_name}__gte": p, f"{field_name}__lt": p + "~"})
    return q


def branch_list(*, actor, action: str = Action.VIEW_BRANCH) -> QuerySet[PartyOrg]:
    """Organisations with members in the actor's scope, with their member count."""
    qs = PartyOrg.objects.all() if is_system(actor) else PartyOrg.objects.filter(
        _in_places(dues_policy.places(actor, action), "path"))
    return (qs.annotate(member_count=Count("members")).filter(member_count__gt=0)
            .select_related("area").order_by("path", "name", "id"))


def branch_get_for_actor(actor, org_id, *, action: str = Action.VIEW_BRANCH,
                         field: str | None = None) -> PartyOrg:
    try:
        org = PartyOrg.objects.select_related("area").get(pk=int(org_id))
    except (PartyOrg.DoesNotExist, ValueError, TypeError):
        raise NotFound(field=field) from None
    if not dues_policy.can(actor, action, org.path):
        raise NotFound(field=field)
    return org


def member_by_id(member_id, *, field: str = "member") -> PartyMember:
    """A party member by id, wherever they are: the dues services refuse one who is not in
    the branch named (``not_in_branch``), which says more than a 404 would."""
    try:
        return PartyMember.objects.select_related("resident", "org").get(pk=int(member_id))
    except (PartyMember.DoesNotExist, ValueError, TypeError):
        raise NotFound(field=field) from None


@dataclass
class DuesLine:
    """One member's dues standing: their monthly amount, months unpaid and owed."""

    member: PartyMember
    profile: DuesProfile | None
    unpaid_months: list[dt.date] = field(default_factory=list)

    @property
    def monthly(self) -> Decimal | None:
        return self.profile.monthly_amount if self.profile else None

    @property
    def owed(self) -> Decimal:
        return (self.profile.monthly_amount * len(self.unpaid_months)) if self.profile else ZERO

    @property
    def name(self) -> str:
        return self.member.resident.name

    @property
    def pk(self) -> int:
        return self.member.pk


def branch_dues(*, actor, org: PartyOrg, today: dt.date | None = None) -> list[DuesLine]:
    """Every member of ``org`` with their monthly dues and the months from their start up
    to this month that have no payment: three queries, whatever the branch's size. Income
    bases are not read."""
    dues_policy.require(actor, Action.VIEW_BRANCH, org.path)
    this_month = month_start(today or timezone.localdate())
    members = list(branch_members(org))
    profiles = {p.member_id: p for p in DuesProfile.objects.filter(member__in=members)
                .defer("base_enc")}
    paid = set(DuesPayment.objects.filter(member__in=members).values_list("member_id", "month"))
    lines = []
    for m in members:
        line = DuesLine(m, profiles.get(m.pk))
        if line.profile is not None:
            month = line.profile.since
            while month <= this_month:
                if (m.pk, month) not in paid:
                    line.unpaid_months.append(month)
                month = add_months(month, 1)
        lines.append(line)
    return lines


def arrears(*, actor, org: PartyOrg, today: dt.date | None = None) -> list[DuesLine]:
    """The members of ``org`` who owe dues, most months owed first."""
    rows = [line for line in branch_dues(actor=actor, org=org, today=today) if line.unpaid_months]
    return sorted(rows, key=lambda line: (-len(line.unpaid_months), line.name))


@dataclass
class StatementMonth:
    month: dt.date
    due: Decimal | None
    payment: DuesPayment | None


@dataclass
class AnnualStatement:
    member: PartyMember
    profile: DuesProfile | None
    year: int
    months: list[StatementMonth]

    @property
    def paid_total(self) -> Decimal:
        return sum((m.payment.amount for m in self.months if m.payment), ZERO)

    @property
    def due_total(self) -> Decimal:
        return sum((m.due for m in self.months if m.due is not None), ZERO)


def member_dues_get(actor, member_id) -> PartyMember:
    """A member whose dues the actor may read: staff over their branch, or the member
    themself. One NotFound for missing and not theirs."""
    try:
        member = PartyMember.objects.select_related("resident", "org").get(pk=int(member_id))
    except (PartyMember.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if is_own(actor, member) or dues_policy.can(actor, Action.VIEW_BRANCH, member.org.path):
        return member
    raise NotFound()


def is_own(actor, member: PartyMember) -> bool:
    resident = resident_of(actor)
    return resident is not None and member.resident_id == resident.pk


def my_membership(actor) -> PartyMember:
    resident = resident_of(actor)
    member = PartyMember.objects.filter(resident=resident).select_related(
        "resident", "org").first() if resident else None
    if member is None:
        raise NotFound()
    return member


def annual_statement(*, member: PartyMember, year: int) -> AnnualStatement:
    """The twelve months of ``year``: the amount due (from the start month on) and the
    payment recorded, if any. The caller has found the member through ``member_dues_get``."""
    profile = DuesProfile.objects.filter(member=member).defer("base_enc").first()
    payments = {p.month: p for p in DuesPayment.objects.filter(
        member=member, month__year=year).select_related("org")}
    months = []
    for m in range(1, 13):
        month = dt.date(year, m, 1)
        due = profile.monthly_amount if profile and month >= profile.since else None
        months.append(StatementMonth(month, due, payments.get(month)))
    return AnnualStatement(member, profile, year, months)


def dues_profile_of(member: PartyMember) -> DuesProfile | None:
    return DuesProfile.objects.filter(member=member).first()


def payment_list(*, actor, org: PartyOrg) -> QuerySet[DuesPayment]:
    """The payments recorded by ``org``, newest month first."""
    dues_policy.require(actor, Action.VIEW_BRANCH, org.path)
    return (DuesPayment.objects.filter(org=org).select_related("member__resident")
            .order_by("-month", "-id"))


# -- transfers -------------------------------------------------------------------------------
def transfer_list(*, actor, state: str = "", direction: str = "",
                  open_only: bool = False) -> QuerySet[Transfer]:
    """Transfers out of the branches in the actor's scope and into them (``direction``
    "out" or "in" narrows to one side), newest first; ``open_only``: not yet confirmed
    nor returned."""
    if is_system(actor):
        qs = Transfer.objects.all()
    else:
        places = transfer_policy.places(actor, Action.VIEW_BRANCH)
        out, into = _in_places(places, "path"), _in_places(places, "to_path")
        qs = Transfer.objects.filter(out if direction == "out" else into if direction == "in"
                                     else out | into)
    if state:
        qs = qs.filter(state=state)
    if open_only:
        qs = qs.filter(state__in=OPEN_STATES)
    return qs.select_related("member__resident", "from_org", "to_org").order_by("-id")


def transfer_get_for_actor(actor, transfer_id) -> Transfer:
    try:
        t = Transfer.objects.select_related("member__resident", "from_org", "to_org").get(
            pk=int(transfer_id))
    except (Transfer.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    transfer_policy.require(actor, Action.VIEW_BRANCH, t)
    return t


def org_by_id(org_id, *, field: str = "to_org") -> PartyOrg:
    """Any organisation by id (a transfer's destination may lie outside the actor's scope;
    the service refuses one that does not exist)."""
    try:
        return PartyOrg.objects.get(pk=int(org_id))
    except (PartyOrg.DoesNotExist, ValueError, TypeError):
        raise NotFound(field=field) from None


def transfer_destinations(*, exclude=None, limit: int = 2000) -> list[PartyOrg]:
    """The organisations of the district a member may be transferred to (any of them: the
    receiving side need not be in the sender's scope), the member's own left out."""
    qs = PartyOrg.objects.exclude(pk=exclude).order_by("path", "name").only("pk", "name", "path")
    return list(qs[:limit])


# -- posts -----------------------------------------------------------------------------------
def post_list(*, actor, org: PartyOrg | None = None) -> QuerySet[BranchPost]:
    """Posts of the branches in the actor's scope with their receipt counts."""
    qs = post_policy.instances_for(actor, Action.VIEW_BRANCH)
    if org is not None:
        qs = qs.filter(org=org)
    return (qs.select_related("notice", "org")
            .annotate(recipients=Count("notice__receipts"),
                      read=Count("notice__receipts", filter=Q(notice__receipts__read_at__isnull=False)))
            .order_by("-id"))


def my_post_list(*, actor) -> QuerySet[NoticeReceipt]:
    """The actor's receipts of branch posts (live notices), newest first."""
    now = timezone.now()
    return (NoticeReceipt.objects.filter(user_id=actor.pk, notice__state="published")
            .filter(Q(notice__expires_at__isnull=True) | Q(notice__expires_at__gt=now))
            .filter(notice_id__in=BranchPost.objects.values("notice_id"))
            .select_related("notice").order_by("-id"))
