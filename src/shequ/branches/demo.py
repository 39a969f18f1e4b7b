"""The party branches of the demo district (``shequ demo`` calls :func:`generate_branches`
after the participation data and the shared resources).

三会一课: every branch's meetings of the last four whole quarters and of this one, with one in
eight skipped (so the shortfall list has work), inserted in bulk; the demo community's held
meetings carry a roll call. The demo party member's branch has a 党课 planned for today,
which they can sign in to by its QR code, and a 支部党员大会 planned next week.
五个基本: most branches have confirmed their committee and recorded funds, fewer uploaded
their rules or the election record, so some fall below standard.
党建责任: the district's "落实三会一课制度" passed down to every street but the last, in the
first street to every community but one, in the demo community to most branches (one item
overdue); the district's "党建述职评议" is done, with its evidence."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember
from shequ.territory.models import Area, AreaKind

from . import services
from .models import (
    BRANCH_KINDS,
    AttendanceMethod,
    BranchDocument,
    BranchProfile,
    DocumentKind,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    Responsibility,
)
from .rules import DEFAULT_RULES, month_index, month_start, period_of
from .selectors.meetings import own_branch_id
from .selectors.members import members_q

DEMO_LOGIN = "party_member"
TOPICS = {
    MeetingKind.GENERAL: ["学习贯彻党的二十届三中全会精神", "民主评议党员", "发展党员表决",
                          "年度组织生活会"],
    MeetingKind.COMMITTEE: ["研究本月支部工作", "讨论发展对象", "部署主题党日活动",
                            "研究困难党员帮扶"],
    MeetingKind.GROUP: ["学习党章", "交流双报到服务情况", "收集居民意见", "开展批评与自我批评"],
    MeetingKind.LESSON: ["书记讲党课：基层治理中的党员作用", "党史学习专题党课",
                         "廉洁教育专题党课"],
}


def generate_branches(*, seed: int = 2026, progress: Callable[[str], None] | None = None
                      ) -> dict:
    say = progress or (lambda _msg: None)
    rng = random.Random(seed * 1000 + 13)  # noqa: S311 - demo data, reproducible
    today = timezone.localdate()
    say("party branches…")
    branches = list(PartyOrg.objects.filter(kind__in=BRANCH_KINDS).order_by("path", "id")
                    .values_list("pk", "path"))
    with transaction.atomic():
        _meetings(branches, rng, today)
        _basics(branches, rng)
        _demo_member(today)
        _chain(rng, today)
    return {"meetings": Meeting.objects.count(), "branch_profiles": BranchProfile.objects.count(),
            "responsibility_items": Responsibility.objects.count()}


def _meetings(branches, rng: random.Random, today: dt.date) -> None:
    """Four whole quarters and this one: each required meeting, one in eight skipped."""
    now = month_index(today)
    first = period_of(now, 3) - 12
    rows = []
    for pk, path in branches:
        for rule in DEFAULT_RULES.values():
            for start in range(first, now + 1, rule.every_months):
                if rng.random() < 0.125:
                    continue
                last_day = min(today - dt.timedelta(days=1),
                               month_start(start + rule.every_months) - dt.timedelta(days=1))
                day = month_start(start) + dt.timedelta(
                    days=rng.randrange(max((last_day - month_start(start)).days, 0) + 1))
                if day > last_day:
                    continue
                rows.append(Meeting(
                    branch_id=pk, kind=rule.kind, topic=rng.choice(TOPICS[rule.kind]),
                    planned_on=day, held_on=day, place="党群服务中心",
                    minutes="会议按议程进行，与会党员充分讨论，形成决议。",
                    checkin_token=secrets.token_urlsafe(16)[:22], path=path))
    Meeting.objects.bulk_create(rows, batch_size=2000)
    demo = Area.objects.filter(kind=AreaKind.COMMUNITY).order_by("path").first()
    if demo is None:
        return
    within = {"path__gte": demo.path, "path__lt": demo.path + "~"}
    ids = [pk for pk, path in branches if path == demo.path or path.startswith(demo.path + ".")]
    members: dict[int, list[int]] = {}
    for mid, org, parent in PartyMember.objects.filter(members_q(ids)).values_list(
            "pk", "org_id", "org__parent_id"):
        members.setdefault(org if org in ids else parent, []).append(mid)
    att = [MeetingAttendance(meeting_id=m.pk, member_id=mid, method=AttendanceMethod.ROLL_CALL,
                             path=m.path)
           for m in Meeting.objects.filter(**within, held_on__isnull=False).only("pk", "branch_id",
                                                                                "path")
           for mid in members.get(m.branch_id, []) if rng.random() < 0.8]
    MeetingAttendance.objects.bulk_create(att, batch_size=2000)


def _basics(branches, rng: random.Random) -> None:
    rules_file = default_storage.save("branches/docs/demo/支部工作制度.pdf",
                                      ContentFile(b"%PDF-1.4\n% demo rules\n"))
    profiles, docs = [], []
    for pk, path in branches:
        r = rng.random()
        profiles.append(BranchProfile(branch_id=pk, committee_complete=r < 0.8,
                                      funds_amount=rng.choice([0, 2000, 3000, 5000]),
                                      path=path))
        for kind, chance in ((DocumentKind.RULES, 0.6), (DocumentKind.COMMITTEE, 0.5)):
            if rng.random() < chance:
                docs.append(BranchDocument(branch_id=pk, kind=kind, file=rules_file,
                                           original_name="支部工作制度.pdf",
                                           content_type="application/pdf", path=path))
    BranchProfile.objects.bulk_create(profiles, batch_size=2000)
    BranchDocument.objects.bulk_create(docs, batch_size=2000)


def _demo_member(today: dt.date) -> None:
    """The demo party member's branch plans a 党课 today and a 党员大会 next week."""
    branch_id = own_branch_id(User.objects.filter(username=DEMO_LOGIN).first())
    if branch_id is None:
        return
    branch = PartyOrg.objects.get(pk=branch_id)
    services.meeting_create(actor=SYSTEM, branch=branch, kind=MeetingKind.LESSON,
                            topic="书记讲党课：做新时代合格党员", planned_on=today,
                            place="党群服务中心多功能厅")
    services.meeting_create(actor=SYSTEM, branch=branch, kind=MeetingKind.GENERAL,
                            topic="支部党员大会：民主评议党员", planned_on=today + dt.timedelta(7))


def _chain(rng: random.Random, today: dt.date) -> None:
    district = Area.objects.filter(kind=AreaKind.DISTRICT).order_by("path").first()
    if district is None:
        return
    due = today + dt.timedelta(days=45)
    head = services.responsibility_create(
        actor=SYSTEM, area=district, title="落实三会一课制度", owner="区委组织部", due_on=due,
        detail="各级党组织按季度检查支部三会一课落实情况，逐级压实责任。")
    streets = list(Area.objects.filter(kind=AreaKind.STREET, parent=district).order_by("path"))
    for i, street in enumerate(streets[:-1] if len(streets) > 1 else streets):
        s_item = services.responsibility_derive(actor=SYSTEM, parent=head, area=street,
                                                owner=f"{street.name}党工委书记", due_on=due)
        if i == 0:
            services.evidence_add(actor=SYSTEM, item=s_item, note="街道部署会会议纪要")
            communities = list(Area.objects.filter(kind=AreaKind.COMMUNITY, parent=street)
                               .order_by("path"))
            for k, community in enumerate(communities[:-1] if len(communities) > 1
                                          else communities):
                c_item = services.responsibility_derive(
                    actor=SYSTEM, parent=s_item, area=community,
                    owner=f"{community.name}党委书记", due_on=due)
                if k == 0:
                    _branches_of(c_item, community, due, today)
    done = services.responsibility_create(
        actor=SYSTEM, area=district, title="党建述职评议", owner="区委组织部",
        due_on=today - dt.timedelta(days=10))
    services.evidence_add(actor=SYSTEM, item=done, note="述职评议会议记录及测评结果")
    services.responsibility_close(actor=SYSTEM, item=done)


def _branches_of(item, community: Area, due: dt.date, today: dt.date) -> None:
    """Most branches of the demo community get the item; the first is overdue."""
    inside = [b for b in PartyOrg.objects.filter(kind__in=BRANCH_KINDS).order_by("path", "id")
              if b.path == community.path or b.path.startswith(community.path + ".")]
    for n, branch in enumerate(inside[:-2] if len(inside) > 2 else inside):
        row = services.responsibility_derive(
            actor=SYSTEM, parent=item, branch=branch, owner=f"{branch.name}书记",
            due_on=today - dt.timedelta(days=3) if n == 0 else due)
        if n % 2:
            services.evidence_add(actor=SYSTEM, item=row, note="支部学习记录")
