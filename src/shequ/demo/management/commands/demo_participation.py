"""``shequ demo_participation [--per-community 40] [--seed 2026] [--if-empty]``: after
``shequ demo``, give every community volunteers, open needs for next week, a rewards
catalogue, verified service with points, an activity, a selection in its voting window and
a night-school course, service posts with 双报到 registrations and logs, and this month's
unit reports — so every demo login has something to do: hours and logs wait for staff, the
demo party member has posts to pick, the unit liaison reads their unit's report. Volunteers
are bulk-inserted; everything else goes through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from shequ.campaigns import services as campaigns
from shequ.core.actors import SYSTEM
from shequ.courses import services as courses
from shequ.members import services as members
from shequ.registry.models import PartyMember, Resident
from shequ.territory.models import Area, Building
from shequ.volunteers import services
from shequ.volunteers.models import Skill, Volunteer, VolunteerSkill

REWARDS = [("大米 5kg", "item", 60, 20, ""), ("食用油 1.8L", "item", 50, 20, ""),
           ("理发券", "voucher", 30, 50, "社区便民理发店"), ("洗衣液", "item", 25, 30, "")]


class Command(BaseCommand):
    help = "Add volunteers, needs, points, activities, selections and courses to the demo."

    def add_arguments(self, parser):
        parser.add_argument("--per-community", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, per_community, seed, if_empty, **options):
        if if_empty and Volunteer.objects.exists():
            self.stdout.write("volunteers already present; nothing done")
            return
        rng = random.Random(seed)
        skills = list(Skill.objects.filter(is_active=True))
        monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
        communities = list(Area.objects.filter(kind="community").order_by("path"))
        for community in communities:
            with transaction.atomic():
                self._community(community, rng, skills, monday, per_community)
        today = timezone.localdate()  # this month's 双报到 report of every unit, so far
        members.unit_reports_generate(actor=SYSTEM, period_start=today.replace(day=1),
                                      period_end=today)
        self.stdout.write(f"demo participation added to {len(communities)} communities")

    def _community(self, community, rng, skills, monday, n):
        residents = list(Resident.objects.filter(
            path__gte=community.path, path__lt=community.path + "~", is_active=True,
            volunteer__isnull=True).select_related("household__entrance__building")[:n * 3])
        if len(residents) < 4:
            return
        picked = rng.sample(residents, min(n, len(residents)))
        vols = Volunteer.objects.bulk_create([
            Volunteer(resident=r, availability=rng.getrandbits(21) | 1,
                      building=r.household.entrance.building,
                      lat=_f(r.household.entrance.building.lat),
                      lng=_f(r.household.entrance.building.lng), path=r.path)
            for r in picked])
        VolunteerSkill.objects.bulk_create([
            VolunteerSkill(volunteer=v, skill=s, level=rng.randint(1, 3))
            for v in vols for s in rng.sample(skills, rng.randint(1, 3))])
        buildings = list(Building.objects.filter(path__gte=community.path,
                                                 path__lt=community.path + "~")[:50])
        for i in range(5):
            start = timezone.make_aware(dt.datetime.combine(
                monday + dt.timedelta(days=rng.randrange(7)), dt.time(rng.choice([9, 14, 19]))))
            services.need_create(actor=SYSTEM, title=rng.choice(
                ["陪独居老人聊天", "上门理发", "楼道清洁", "手机使用辅导", "法律咨询"]) + f"（{i + 1}）",
                community=community, starts_at=start, ends_at=start + dt.timedelta(hours=2),
                skill=rng.choice(skills), building=rng.choice(buildings) if buildings else None,
                people_needed=rng.choice([1, 2, 3]))
        for name, kind, cost, stock, merchant in REWARDS:
            services.reward_create(actor=SYSTEM, community=community, name=name, kind=kind,
                                   cost=cost, stock=stock, merchant=merchant)
        now = timezone.now()
        for k, v in enumerate(vols[: max(1, n // 2)]):
            hours = rng.choice([1, 2, 2, 3, 4])
            done = now - dt.timedelta(days=rng.randrange(1, 300))
            record = services.attendance_mark(
                actor=SYSTEM, volunteer=v, source=f"demo:{community.pk}:{k}", title="社区志愿服务",
                path=v.path, check_in_at=done - dt.timedelta(hours=hours), check_out_at=done)
            if k >= 2:  # the first two wait for a staff member to verify them
                services.record_verify(actor=SYSTEM, record=record)
        self._teams(community, rng, vols)
        self._dual_reporting(community, rng)
        start = timezone.now() + dt.timedelta(days=rng.randrange(2, 10), hours=2)
        campaigns.activity_create(actor=SYSTEM, community=community, title="道德讲堂：孝老爱亲",
                                  kind="moral_lecture", place="社区活动室", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2), capacity=40,
                                  volunteer_places=4)
        selection = campaigns.selection_create(actor=SYSTEM, community=community,
                                               title="和谐家庭评选", kind="harmonious_family",
                                               votes_per_voter=2, winners=3)
        for r in rng.sample(residents, 4):
            nomination = campaigns.nomination_submit(
                actor=SYSTEM, selection=selection, nominee=f"{r.name}家庭",
                reason="邻里和睦，孝老爱亲，热心社区公益。", household=r.household)
            campaigns.nomination_review(actor=SYSTEM, nomination=nomination, accept=True)
        campaigns.selection_open_voting(actor=SYSTEM, selection=selection,
                                        opens_at=now - dt.timedelta(days=1),
                                        closes_at=now + dt.timedelta(days=14))
        course = courses.course_create(actor=SYSTEM, community=community,
                                       title="市民夜校：智能手机入门", kind="night_school",
                                       capacity=30)
        for week in (1, 2):
            s = timezone.make_aware(dt.datetime.combine(
                monday + dt.timedelta(days=7 * (week - 1) + 2), dt.time(19)))
            courses.session_add(actor=SYSTEM, course=course, title=f"第{week}课", starts_at=s,
                                ends_at=s + dt.timedelta(minutes=90), place="社区学堂")


    @staticmethod
    def _teams(community, rng, vols):
        """Two service organisations: a registered volunteer team and one still being
        incubated (no leader yet)."""
        if len(vols) < 6:
            return
        team = services.organisation_create(actor=SYSTEM, community=community,
                                            name=f"{community.name}红色志愿服务队")
        crew = rng.sample(vols, min(8, len(vols)))
        services.organisation_set_members(actor=SYSTEM, organisation=team, members=crew,
                                          leader=crew[0])
        services.organisation_register(actor=SYSTEM, organisation=team,
                                       registered_on=timezone.localdate() - dt.timedelta(days=90))
        incubating = services.organisation_create(
            actor=SYSTEM, community=community, name=f"{community.name}邻里互助会",
            kind="social_org", description="居民自发组织，孵化中。")
        services.organisation_set_members(actor=SYSTEM, organisation=incubating,
                                          members=rng.sample(vols, 3), leader=None)

    @staticmethod
    def _dual_reporting(community, rng):
        """Service posts, and 双报到 for some in-service party members living here — only
        while a post keeps a spare place, so a crowded community leaves the rest to register
        themselves and a member can still pick a post. Members with a demo login stay
        unregistered: registering is what they come to do. A few of the registered log
        today's service: some confirmed (the unit reports show hours), two waiting for staff."""
        posts = [members.post_create(actor=SYSTEM, community=community, name=name, capacity=cap)
                 for name, cap in (("文明劝导岗", 10), ("政策宣讲岗", 6), ("助老服务岗", 8))]
        left = {p.pk: p.capacity - 1 for p in posts}  # one place kept free on each post
        in_service = list(PartyMember.objects.filter(
            path__gte=community.path, path__lt=community.path + "~", unit__isnull=False,
            resident__is_active=True, resident__user__isnull=True).select_related("resident")
            .order_by("pk")[:40])
        registered = []
        for member in rng.sample(in_service, len(in_service) * 2 // 3):
            open_posts = [p for p in posts if left[p.pk] > 0]
            if not open_posts:
                break
            chosen = rng.sample(open_posts, min(len(open_posts), rng.randint(1, 2)))
            registered.append(members.dual_register(actor=SYSTEM, member=member,
                                                    community=community, posts=chosen))
            for p in chosen:
                left[p.pk] -= 1
        today = timezone.localdate()
        for k, reg in enumerate(registered[:5]):
            post = reg.posts.first()
            log = members.service_log_create(
                actor=SYSTEM, registration=reg, served_on=today, hours=rng.choice([1, 2, 3]),
                description=f"{post.name}：社区值守与入户宣传", post=post)
            if k >= 2:
                members.service_log_decide(actor=SYSTEM, log=log, confirm=True)


def _f(value):
    return float(value) if value is not None else None
