"""要事联商 of the demo district (``shequ demo`` calls :func:`generate_deliberation` after
the participation data). The demo community (the ``community_staff`` login's) gets matters
in every state, made through the services: a draft, one awaiting the party committee's
pre-review, one returned, one approved and one on next week's 议事会 agenda; a past 议事会
(closed, named votes) that passed three and refused one — one passed matter waits for
execution, one is in execution with its task tree half done, one is done — and a 联席会议
whose resolutions are done, in progress and overdue. The ``unit_liaison`` login's unit gets
resolutions of its community's 联席会议 to follow up (one overdue). Every other community gets two
decided matters on its public page, inserted in bulk."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.core import manifest
from shequ.core.actors import SYSTEM
from shequ.organizations.models import Unit
from shequ.registry.models import Resident
from shequ.territory.models import Area, AreaKind

from . import selectors, services
from .models import Matter, MatterEvent, MatterStatus, Step

TITLES = [("funds", "小区健身广场器材更新", "社区公益金"),
          ("project", "老旧小区加装电梯", "财政补贴+居民自筹"), ("decision", "修订居民公约", ""),
          ("funds", "背街小巷路灯更换", "街道拨款"), ("project", "社区食堂建设", "社区公益金"),
          ("appointment", "增补居务监督委员会委员", ""), ("decision", "停车位分配方案", ""),
          ("funds", "雨污管网清淤", "街道拨款"), ("project", "口袋公园改造", "共建单位捐赠")]


def generate_deliberation(*, seed: int = 2026, progress: Callable[[str], None] | None = None
                          ) -> dict:
    say = progress or (lambda _msg: None)
    rng = random.Random(seed * 1000 + 13)  # noqa: S311 - demo data, reproducible
    say("deliberation…")
    staff = User.objects.filter(username=Role.COMMUNITY_STAFF).first()
    grant = staff.grants.filter(role=Role.COMMUNITY_STAFF).select_related("area").first() \
        if staff else None
    if grant is not None:
        with transaction.atomic():
            _demo_community(staff, grant.area, rng)
    with transaction.atomic():
        _for_liaison(timezone.now())
    with transaction.atomic():
        _public_elsewhere(rng, skip=grant.area_id if grant else None)
    return {"matters": Matter.objects.count()}


def _matter(staff, community, n: int, rng, **kw) -> Matter:
    kind, title, source = TITLES[n % len(TITLES)]
    return services.matter_create(
        actor=staff, community=community, kind=kind, title=title,
        background=f"{title}：居民议事会前期征集意见，多数居民支持。", budget=Decimal(
            rng.randrange(2, 60) * 5000) if kind in ("funds", "project") else None,
        budget_source=source, **kw)


def _meeting(staff, community, kind: str, title: str, when: dt.datetime):
    meeting = services.meeting_create(actor=staff, community=community, kind=kind, title=title,
                                      starts_at=when, place="社区党群服务中心二楼会议室")
    # the invitees: the 大党委's part-time members, staff accounts, residents
    for m in selectors.committee_members(meeting)[:5]:
        services.invitee_add(actor=staff, meeting=meeting, member=m)
    for u in services.staff_accounts(meeting)[:2]:
        services.invitee_add(actor=staff, meeting=meeting, user=u)
    if kind == "council":
        within = {"path__gte": community.path, "path__lt": community.path + "~"}
        for r in Resident.objects.filter(is_active=True, **within).order_by("id")[:3]:
            services.invitee_add(actor=staff, meeting=meeting, resident=r)
    return meeting


def _demo_community(staff, community: Area, rng) -> None:
    now = timezone.now()
    _matter(staff, community, 0, rng)  # a draft
    _matter(staff, community, 1, rng, submit=True)  # awaits the pre-review
    returned = _matter(staff, community, 2, rng, submit=True)
    services.matter_review(actor=staff, matter=returned, approve=False,
                           note="请补充居民意见征集情况后再提交。")
    approved = [services.matter_review(actor=staff, approve=True,
                                       matter=_matter(staff, community, n, rng, submit=True))
                for n in range(3, 9)]  # the last waits for a meeting
    # a past 议事会: three passed, one refused, all present but one
    past = _meeting(staff, community, "council", "第三季度居民议事会", now - dt.timedelta(days=40))
    invitees = list(past.invitees.all())
    services.attendance_set(actor=staff, meeting=past, present=[i.pk for i in invitees[1:]])
    decided = []
    for n, matter in enumerate(approved[:4]):
        item = services.agenda_add(actor=staff, meeting=past, matter=matter)
        for i in invitees[1:]:
            choice = "against" if n == 3 and rng.random() < .7 else rng.choice(
                ["for", "for", "for", "abstain"])
            services.vote_cast(actor=staff, item=item, invitee=i, choice=choice)
        decided.append(services.item_decide(actor=staff, item=item))
    services.minutes_set(actor=staff, meeting=past, minutes=(
        f"会议由社区党委书记主持，应到{len(invitees)}人，实到{len(invitees) - 1}人，"
        "符合议事规则。逐项审议并表决。"))
    services.meeting_close(actor=staff, meeting=past)
    passed = [m for m in decided if m.status == MatterStatus.PASSED]
    for n, matter in enumerate(passed[1:3]):
        matter = services.matter_execute(actor=staff, matter=matter)
        _tasks(staff, matter, done=n == 1)
    # next week's 议事会 with the last approved matter on its agenda
    upcoming = _meeting(staff, community, "council", "第四季度居民议事会",
                        now + dt.timedelta(days=7))
    services.agenda_add(actor=staff, meeting=upcoming, matter=approved[4])
    _joint(staff, community, now)


def _tasks(staff, matter: Matter, *, done: bool) -> None:
    today = timezone.localdate()
    root = services.task_add(actor=staff, matter=matter, title="方案设计与询价", owner=staff,
                             due_on=today + dt.timedelta(days=10), weight=2)
    a = services.task_add(actor=staff, matter=matter, title="现场踏勘", parent=root)
    b = services.task_add(actor=staff, matter=matter, title="三家比价", parent=root)
    c = services.task_add(actor=staff, matter=matter, title="施工与验收", owner=staff,
                          due_on=today + dt.timedelta(days=30), weight=3)
    for task, value in ((a, 100), (b, 100 if done else 60), (c, 100 if done else 20)):
        services.task_progress_set(actor=staff, task=task, progress=value)
    if done:
        services.matter_complete(actor=staff, matter=matter, note="已完成验收并公示。")


def _joint(staff, community: Area, now) -> None:
    meeting = _meeting(staff, community, "joint", "大党委第二次联席会议",
                       now - dt.timedelta(days=20))
    services.agenda_add(actor=staff, meeting=meeting, topic="共建单位认领服务项目")
    services.agenda_add(actor=staff, meeting=meeting, topic="背街小巷环境整治分工")
    units = list(selectors.community_units(meeting)[:3])
    today = timezone.localdate()
    for n, unit in enumerate(units):
        r = services.resolution_add(actor=staff, meeting=meeting, unit=unit,
                                    text=["认领社区助老服务项目", "负责背街小巷周末清扫",
                                          "开放单位停车场夜间共享"][n],
                                    due_on=today + dt.timedelta(days=[-10, -3, 14][n]))
        if n == 0:
            services.resolution_follow_up(actor=staff, resolution=r, status="done",
                                          note="已落实，每周二上门服务。")
        elif n == 2:
            services.resolution_follow_up(actor=staff, resolution=r, status="in_progress",
                                          note="已签共享协议，待安装道闸。")
    services.minutes_set(actor=staff, meeting=meeting, minutes="各共建单位认领任务并明确时限。")


def _for_liaison(now) -> None:
    """Resolutions for the demo liaison's unit from a 联席会议 of the unit's community: one
    late, one in progress, one to come (the demo community's 联席会议 may have given it a done
    one already)."""
    liaison = User.objects.filter(username=Role.UNIT_LIAISON).first()
    if liaison is None:
        return
    unit = Unit.objects.filter(pk__in=manifest.units_of(liaison), closed_at__isnull=True) \
        .order_by("id").first()
    if unit is None:
        return
    parts = unit.path.split(".")
    community = Area.objects.filter(kind=AreaKind.COMMUNITY, path__in=[
        ".".join(parts[:n]) for n in range(1, len(parts) + 1)]).first()
    if community is None:
        return
    meeting = _meeting(SYSTEM, community, "joint", "大党委共建单位联席会议",
                       now - dt.timedelta(days=12))
    services.agenda_add(actor=SYSTEM, meeting=meeting, topic="共建单位认领为民服务项目")
    today = timezone.localdate()
    for text, days, status, note in (
            ("组织职工志愿者参与社区文明创建", 5, "in_progress", "已报名志愿者12人。"),
            ("为社区老人提供免费体检", -2, "", ""), ("开放单位活动室供居民使用", 10, "", "")):
        r = services.resolution_add(actor=SYSTEM, meeting=meeting, unit=unit, text=text,
                                    due_on=today + dt.timedelta(days=days))
        if status:
            services.resolution_follow_up(actor=SYSTEM, resolution=r, status=status, note=note)


def _public_elsewhere(rng, *, skip) -> None:
    """Two decided matters per other community, inserted in bulk with their history."""
    now = timezone.now()
    rows = []
    for community in Area.objects.filter(kind=AreaKind.COMMUNITY).exclude(pk=skip):
        for n in range(2):
            kind, title, source = TITLES[rng.randrange(len(TITLES))]
            rows.append(Matter(
                community=community, path=community.path, kind=kind, title=title,
                budget=Decimal(rng.randrange(2, 40) * 5000), budget_source=source,
                status=MatterStatus.DONE if n else MatterStatus.EXECUTING,
                reviewed_at=now - dt.timedelta(days=60), decided_at=now - dt.timedelta(
                    days=30 + n), votes_for=7, votes_against=1, votes_abstain=1,
                progress=Decimal(100 if n else rng.randrange(10, 90)), proposer_name="社区党委"))
    Matter.objects.bulk_create(rows, batch_size=1000)
    MatterEvent.objects.bulk_create(
        [MatterEvent(matter=m, at=m.decided_at, actor_name="system",
                     step=Step.DECIDE, from_status=MatterStatus.SCHEDULED,
                     to_status=MatterStatus.PASSED, note="7 票赞成，1 票反对，1 票弃权")
         for m in rows], batch_size=1000)
