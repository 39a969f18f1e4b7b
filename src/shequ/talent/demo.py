"""创业联助 in the demo district (``shequ demo`` calls :func:`generate_talent` after the
participation data).

Per community: an alliance of residents and units with six months of monthly help sessions
and two salons (attendance, notes, follow-ups — some done, some open, one overdue); the
community's units post demands placed at one of its buildings; a reserve of consenting
working-age residents (a few withdrawn); a job-training course whose finished sessions
most learners attended (completed training on their profiles); referrals in every state.
The demo resident keeps a profile with completed training and a referral under way; the
demo unit liaison recruits for their unit, whose posts have referrals waiting for an
outcome; the community staff own open follow-ups. Rows are bulk inserted; matching
scores come from the same matching code the pages use."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.courses import services as course_services
from shequ.courses.models import Attendance, Course, Enrolment
from shequ.organizations.models import Unit
from shequ.registry.models import PartyMember, Resident
from shequ.territory.models import Area, AreaKind, Building

from . import matching, selectors, services
from .models import (
    AllianceMember,
    Demand,
    FollowUp,
    HelpSession,
    PostKind,
    Profile,
    Referral,
    ReferralKind,
    ReferralState,
    SessionKind,
    WorkType,
)

SKILLS = {
    PostKind.TECHNICAL: ["电工", "焊工", "水电维修", "计算机", "网络运维", "cad制图"],
    PostKind.SERVICE: ["家政", "养老护理", "保洁", "烹饪", "育婴"],
    PostKind.SALES: ["销售", "直播带货", "客服", "电商运营"],
    PostKind.PRODUCTION: ["叉车", "装配", "质检", "驾驶"],
    PostKind.OFFICE: ["office", "文秘", "档案管理"],
    PostKind.FINANCE: ["会计", "出纳", "统计"],
    PostKind.EDUCATION: ["幼教", "课后托管", "书法"],
    PostKind.CARE: ["护士", "康复理疗", "心理咨询"],
}
POSTS = {PostKind.TECHNICAL: "电工", PostKind.SERVICE: "养老护理员", PostKind.SALES: "电商客服",
         PostKind.PRODUCTION: "装配工", PostKind.OFFICE: "行政文员", PostKind.FINANCE: "出纳",
         PostKind.EDUCATION: "课后托管老师", PostKind.CARE: "康复理疗师"}
BUSINESSES = ["社区超市", "川菜馆", "家政服务", "电商网店", "维修铺", "培训工作室", "花店"]
CONSENT_NOTE = "纸质同意书（演示数据）"


def generate_talent(*, seed: int = 2026, progress: Callable[[str], None] | None = None) -> dict:
    say = progress or (lambda _msg: None)
    rng = random.Random(seed * 1000 + 14)  # noqa: S311 - demo data, reproducible
    now = timezone.now()
    staff = User.objects.filter(username="community_staff").first()
    fallback = staff or User.objects.filter(username="district_admin").first()
    say("talent…")
    for community in Area.objects.filter(kind=AreaKind.COMMUNITY).order_by("path"):
        with transaction.atomic():
            _community(community, rng, now, fallback)
    with transaction.atomic():
        _demo_logins(rng, now)
    matching.forget()
    return {"alliance_members": AllianceMember.objects.count(),
            "help_sessions": HelpSession.objects.count(), "demands": Demand.objects.count(),
            "talent_profiles": Profile.objects.filter(consented=True).count(),
            "referrals": Referral.objects.count()}


def _within(path: str) -> dict:
    return {"path__gte": path, "path__lt": path + "~"}


def _working_age(community: Area, today: dt.date, cap: int) -> list[int]:
    born = {"birth_date__gt": today.replace(year=today.year - 60),
            "birth_date__lte": today.replace(year=today.year - 18)}
    return list(Resident.objects.filter(is_active=True, **born, **_within(community.path))
                .order_by("id").values_list("pk", flat=True)[:cap])


def _community(community: Area, rng: random.Random, now, owner) -> None:
    today = timezone.localdate(now)
    people = _working_age(community, today, 3000)
    units = list(Unit.objects.filter(closed_at__isnull=True, **_within(community.path))
                 .order_by("id"))
    if len(people) < 12:
        return
    rng.shuffle(people)
    n = max(12, min(200, len(people) // 6))
    reserve, founders = people[:n], people[n:n + 5]
    members = _alliance(community, rng, today, founders, units[:3])
    if owner is not None:
        _sessions(community, rng, today, members, owner)
    points = list(Building.objects.filter(lat__isnull=False, **_within(community.path))
                  .values_list("lat", "lng")[:50])
    demands = _demands(units, rng, today, points)
    profiles = _reserve(reserve, rng, now)
    _training(community, rng, now, profiles[: max(6, len(profiles) // 5)])
    _referrals(rng, demands, profiles)


def _alliance(community, rng, today, founders, units) -> list[AllianceMember]:
    rows = [AllianceMember(community=community, resident_id=pk, business=rng.choice(BUSINESSES),
                           joined_on=today - dt.timedelta(days=rng.randint(200, 900)),
                           path=community.path) for pk in founders]
    rows += [AllianceMember(community=community, unit=u, business=u.name,
                            joined_on=today - dt.timedelta(days=rng.randint(100, 700)),
                            path=community.path) for u in units]
    return AllianceMember.objects.bulk_create(rows)


def _sessions(community, rng, today, members, owner) -> None:
    dates = [(today.replace(day=1) - dt.timedelta(days=30 * i)).replace(day=15)
             for i in range(6, 0, -1)]
    rows = [HelpSession(community=community, kind=SessionKind.HELP, title=f"{d.month}月创业帮扶会",
                        held_on=d, place="党群服务中心", path=community.path,
                        notes="成员交流经营难题；社区对接贷款贴息和场地政策。") for d in dates]
    rows += [HelpSession(community=community, kind=SessionKind.SALON, title=t, held_on=d,
                         place="创业咖啡角", path=community.path, notes=n)
             for t, d, n in (("头脑风暴：小店如何做社群团购", dates[2] + dt.timedelta(days=7),
                              "想法：楼栋团长；共享冷库；周末集市。"),
                             ("众创思变：返乡青年创业路", dates[4] + dt.timedelta(days=7),
                              "想法：直播带货培训；与电商企业结对。"))]
    sessions = HelpSession.objects.bulk_create(rows)
    through = HelpSession.attendees.through
    through.objects.bulk_create([through(helpsession_id=s.pk, alliancemember_id=m.pk)
                                 for s in sessions for m in members if rng.random() < 0.7])
    follow = []
    for i, s in enumerate(sessions):
        for text in ("对接创业担保贷款", "联系场地减免租金")[: 1 + i % 2]:
            due = s.held_on + dt.timedelta(days=rng.randint(10, 40))
            done = due < today - dt.timedelta(days=20) and rng.random() < 0.8
            follow.append(FollowUp(
                session=s, member=rng.choice(members) if members else None, text=text,
                owner=owner, due=due, path=community.path,
                done_at=timezone.make_aware(dt.datetime.combine(due, dt.time(16)))
                if done else None))
    FollowUp.objects.bulk_create(follow)


def _demands(units, rng, today, points) -> list[Demand]:
    rows = []
    for u in units[:6]:
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(list(SKILLS))
            low = rng.choice([3000, 3500, 4000, 5000])
            lat, lng = rng.choice(points) if points else (None, None)
            rows.append(Demand(
                unit=u, title=POSTS[kind], post_kind=kind,
                work_type=rng.choice([WorkType.FULL_TIME] * 3 + [WorkType.PART_TIME,
                                                                 WorkType.INTERNSHIP]),
                skills=",".join(sorted(rng.sample(SKILLS[kind], 2))),
                education=rng.choice([0, 2, 3, 3, 4, 5]), pay_min=low,
                pay_max=low + rng.choice([1000, 2000, 3000]), headcount=rng.randint(1, 5),
                deadline=today + dt.timedelta(days=rng.randint(10, 90)), path=u.path,
                lat=lat and lat + Decimal("0.002"), lng=lng,
                description="五险一金，包工作餐。"))
    return Demand.objects.bulk_create(rows)


def _reserve(pks, rng, now) -> list[Profile]:
    paths = dict(Resident.objects.filter(pk__in=pks).values_list("pk", "path"))
    rows = []
    for pk in pks:
        kind = rng.choice(list(SKILLS))
        withdrawn = rng.random() < 0.05
        rows.append(Profile(
            resident_id=pk, path=paths[pk], education=rng.choice([2, 3, 3, 4, 4, 5, 6]),
            skills=",".join(sorted(rng.sample(SKILLS[kind], 2)
                                   + rng.sample(SKILLS[rng.choice(list(SKILLS))], 1))),
            experience_years=rng.randint(0, 20), wish_kinds=",".join(sorted({kind})),
            wish_work_types=rng.choice(["", "full_time", "full_time,part_time"]),
            wish_max_km=rng.choice([None, 5, 10, 20]),
            wish_pay_min=rng.choice([None, 3000, 4000]), consented=not withdrawn,
            consent_at=now - dt.timedelta(days=rng.randint(5, 300)), consent_note=CONSENT_NOTE,
            withdrawn_at=now - dt.timedelta(days=2) if withdrawn else None))
    return Profile.objects.bulk_create(rows)


def _training(community, rng, now, profiles) -> None:
    """A finished job-training course: four past sessions; most learners came to all."""
    course = course_services.course_create(actor=SYSTEM, community=community,
                                           title="就业技能培训班：电商与家政", kind="job_training",
                                           capacity=60)
    sessions = []
    for week in range(4, 0, -1):
        start = now - dt.timedelta(days=7 * week + 14)
        sessions.append(course_services.session_add(
            actor=SYSTEM, course=course, title=f"第{5 - week}讲", starts_at=start,
            ends_at=start + dt.timedelta(hours=2), place="社区学堂"))
    Enrolment.objects.bulk_create([Enrolment(course=course, resident_id=p.resident_id,
                                             path=p.path) for p in profiles])
    Attendance.objects.bulk_create([
        Attendance(session=s, resident_id=p.resident_id, method="roll_call", hours=s.hours,
                   session_start=s.starts_at, path=p.path)
        for i, p in enumerate(profiles) for j, s in enumerate(sessions)
        if i % 4 or j < 2])


STATES = [ReferralState.REFERRED, ReferralState.INTERVIEWED, ReferralState.HIRED,
          ReferralState.DECLINED]


def _referrals(rng, demands, profiles) -> None:
    live = [p for p in profiles if p.consented]
    index_rows = {r[0]: r for r in Profile.objects.filter(
        pk__in=[p.pk for p in live]).values_list(*selectors.INDEX_ROW)}
    rows = []
    for i, d in enumerate(demands):
        post = selectors.post_of(d)
        for j, p in enumerate(rng.sample(live, min(len(live), 2))):
            score = matching.posts(index_rows[p.pk], [(d.pk, post)], limit=1)[0]["score"]
            rows.append(Referral(demand=d, profile=p, state=STATES[(i + j) % 4],
                                 kind=ReferralKind.INTERNSHIP if d.work_type == "internship"
                                 else ReferralKind.REFERRAL, score=score, path=p.path))
    Referral.objects.bulk_create(rows, ignore_conflicts=True)


def _demo_logins(rng, now) -> None:
    """The liaison recruits for their unit (the demo party member's), which gets posts with
    referrals waiting; the demo resident gets a profile, training and a referral."""
    liaison = User.objects.filter(username="unit_liaison").first()
    unit_id = PartyMember.objects.filter(resident__user__username="party_member").values_list(
        "unit_id", flat=True).first()
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if liaison is not None and unit is not None:
        services.recruiter_add(actor=SYSTEM, unit=unit, user=liaison)
        deadline = timezone.localdate(now) + dt.timedelta(days=45)
        for kind in (PostKind.TECHNICAL, PostKind.SERVICE):
            d = services.demand_create(
                actor=SYSTEM, unit=unit, title=POSTS[kind], post_kind=kind,
                work_type=WorkType.FULL_TIME, skills=SKILLS[kind][:2], education=3,
                pay_min=4000, pay_max=6500, headcount=2, deadline=deadline)
            near = Profile.objects.filter(consented=True, **_within(unit.path[:9])).exclude(
                referrals__demand=d).order_by("id")[:2]
            for p, state in zip(near, ("referred", "interviewed"), strict=False):
                r = services.refer(actor=SYSTEM, demand=d, profile=p)
                if state == "interviewed":
                    services.referral_advance(actor=SYSTEM, referral=r, state=state)
    resident = Resident.objects.filter(user__username="resident").first()
    if resident is not None and not Profile.objects.filter(resident=resident).exists():
        _demo_resident(resident)


def _demo_resident(resident: Resident) -> None:
    """A profile, the community's job-training course attended in full, and a referral
    to a service post of the district that has reached the interview."""
    profile = services.profile_save(actor=SYSTEM, resident=resident, consent=True,
                                    consent_note=CONSENT_NOTE, skills="家政, 烹饪, 育婴",
                                    education=3, experience_years=4, wish_kinds=["service"],
                                    wish_max_km=10, wish_pay_min=3500)
    course = Course.objects.filter(kind="job_training", path=resident.path[:9]).first()
    if course is not None:
        Enrolment.objects.get_or_create(course=course, resident=resident,
                                        defaults={"path": resident.path})
        Attendance.objects.bulk_create([
            Attendance(session=s, resident=resident, method="roll_call", hours=s.hours,
                       session_start=s.starts_at, path=resident.path)
            for s in course.sessions.all()], ignore_conflicts=True)
    post = (Demand.objects.filter(post_kind=PostKind.SERVICE, state="open",
                                  **_within(resident.path[:2])).order_by("id").first())
    if post is not None:
        r = services.refer(actor=SYSTEM, demand=post, profile=profile)
        services.referral_advance(actor=SYSTEM, referral=r, state=ReferralState.INTERVIEWED)
