"""民生联解 in the demo district (``shequ demo`` calls :func:`generate_services` after the
participation data).

A district catalogue of twenty real-sounding items (户籍证明, 老年优待证, 残疾人证办理,
医保参保登记…) with their departments, materials, time limits and fees; in every community
a handful of requests in every state, and a 民情说吧 session with opinions by theme. The
demo logins get real work: the community staff have requests to accept, one near its
deadline, one overdue, one with a department; the grid worker has a 代办 request taken on a
visit under the son's authorisation and elderly or disabled residents on the home round;
the demo resident has a request under way and one done, waiting for their rating.
Everything goes through the services (a few hundred calls even for the district), so the
trail, the audit and the notices are what they would be."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.ledgers.selectors import category_get
from shequ.registry import services as registry_services
from shequ.registry.models import Resident, Tag
from shequ.registry.selectors import resident_of
from shequ.territory.models import Area, AreaKind

from . import services
from .models import (
    CatalogueItem,
    Opinion,
    RequestChannel,
    ServiceRequest,
    Theme,
)
from .places import HOME_SERVICE_TAGS

# code, name, department, materials, working days, fee, payer, channel, counter, at home
CATALOGUE = [
    ("hukou_cert", "户籍证明", "区公安分局", "身份证\n户口簿", 3, 0, "free", "both", "综合窗口", False),
    ("elderly_card", "老年优待证", "区民政局", "身份证\n一寸照片", 5, 0, "free", "both", "便民服务窗口1", True),
    ("disability_card", "残疾人证办理", "区残联", "身份证\n户口簿\n二寸照片\n医院诊断证明", 20, 0, "free", "offline", "便民服务窗口2", True),
    ("medical_insurance", "城乡居民医保参保登记", "区医保局", "身份证\n户口簿", 1, 400, "resident", "both", "社保窗口", False),
    ("pension_cert", "养老保险待遇资格认证", "区人社局", "身份证", 1, 0, "free", "both", "社保窗口", True),
    ("dibao", "最低生活保障申请", "区民政局", "身份证\n户口簿\n家庭收入证明\n银行卡", 30, 0, "free", "offline", "民政窗口", True),
    ("temp_relief", "临时救助申请", "区民政局", "身份证\n困难情况说明", 10, 0, "free", "offline", "民政窗口", True),
    ("residence_permit", "居住证办理", "区公安分局", "身份证\n居住证明\n一寸照片", 15, 20, "resident", "offline", "综合窗口", False),
    ("birth_register", "生育登记服务", "区卫健局", "夫妻双方身份证\n结婚证", 1, 0, "free", "both", "计生窗口", False),
    ("elderly_subsidy", "高龄津贴申请", "区民政局", "身份证\n银行卡", 15, 0, "free", "offline", "民政窗口", True),
    ("home_care", "居家养老上门服务", "区民政局", "身份证", 5, 30, "government", "offline", "养老服务站", True),
    ("veteran_care", "退役军人优待证申领", "区退役军人事务局", "身份证\n退伍证\n一寸照片", 20, 0, "free", "offline", "退役军人服务站", False),
    ("unemployment_reg", "失业登记", "区人社局", "身份证\n解除劳动合同证明", 3, 0, "free", "both", "就业窗口", False),
    ("job_training", "职业技能培训报名", "区人社局", "身份证\n学历证明", 5, 0, "free", "both", "就业窗口", False),
    ("housing_subsidy", "公租房租赁补贴申请", "区住建局", "身份证\n户口簿\n收入证明\n租赁合同", 30, 0, "free", "offline", "综合窗口", False),
    ("water_transfer", "水电气过户代办", "区水务公司", "房产证\n身份证", 5, 0, "free", "offline", "综合窗口", False),
    ("death_register", "殡葬补贴申领", "区民政局", "死亡证明\n火化证明\n经办人身份证", 10, 0, "free", "offline", "民政窗口", False),
    ("student_aid", "困难学生资助申请", "区教育局", "身份证\n学籍证明\n困难证明", 15, 0, "free", "offline", "综合窗口", False),
    ("legal_aid", "法律援助申请", "区司法局", "身份证\n经济困难证明\n案件材料", 7, 0, "free", "both", "法律服务窗口", False),
    ("barrier_free", "残疾人家庭无障碍改造", "区残联", "残疾人证\n房屋产权证明", 30, 1500, "government", "offline", "便民服务窗口2", True),
]

OPINIONS = [
    (Theme.ENVIRONMENT, "7栋后面垃圾桶满了没人清运，夏天味道很大", "已协调环卫站每日清运两次"),
    (Theme.PROPERTY, "物业对电梯维修拖了两个月，希望社区督促", ""),
    (Theme.ELDERLY, "希望老年食堂增加晚餐", "已纳入下季度助餐点改造计划"),
    (Theme.TRAFFIC, "小区门口电动车乱停，希望增设非机动车棚", ""),
    (Theme.SAFETY, "单元门禁坏了很久", "已报物业，三日内修复"),
    (Theme.SERVICES, "办事能不能周末也开一个窗口", ""),
    (Theme.EMPLOYMENT, "想参加家政培训，不知道去哪里报名", "已告知市民夜校就业培训班报名方式"),
    (Theme.ENVIRONMENT, "绿化带杂草太多，有蚊虫", ""),
]


def generate_services(*, seed: int = 2026, progress: Callable[[str], None] | None = None
                      ) -> dict:
    say = progress or (lambda _msg: None)
    rng = random.Random(seed * 1000 + 11)  # noqa: S311 - demo data, reproducible
    district = Area.objects.filter(kind=AreaKind.DISTRICT).order_by("path").first()
    if district is None:
        return {}
    say("services…")
    with transaction.atomic():
        items = _catalogue(district)
    staff = User.objects.filter(username="community_staff").first()
    worker = User.objects.filter(username="grid_worker").first()
    for community in Area.objects.filter(kind=AreaKind.COMMUNITY).order_by("path"):
        with transaction.atomic():
            _community(community, items, rng, staff, worker)
    with transaction.atomic():
        _demo_resident(items)
    return {"service_items": CatalogueItem.objects.count(),
            "service_requests": ServiceRequest.objects.count(),
            "opinions": Opinion.objects.count()}


def _catalogue(district: Area) -> dict[str, CatalogueItem]:
    out = {}
    for code, name, dept, materials, days, fee, payer, channel, counter, home in CATALOGUE:
        out[code] = services.item_create(
            actor=SYSTEM, area=district, code=code, name=name, department=dept,
            materials=materials, time_limit_days=days, fee=fee, payer=payer, channel=channel,
            counter=counter, home_service=home)
    services.item_retire(actor=SYSTEM, item=out.pop("death_register"),
                         reason="划转至区政务服务中心办理")
    return out


def _actor(user, community: Area):
    """The demo login when it works in this community (or a grid of it), else the
    system."""
    if user is None:
        return SYSTEM
    paths = user.scope_for("handle_service_requests").paths
    inside = any(p == community.path or p.startswith(community.path + ".") for p in paths)
    return user if inside else SYSTEM


def _community(community: Area, items: dict, rng: random.Random, staff, worker) -> None:
    within = {"path__gte": community.path, "path__lt": community.path + "~",
              "is_active": True}
    people = list(Resident.objects.filter(user__isnull=True, **within).order_by("id")[:40])
    if len(people) < 8:
        return
    desk = _actor(staff, community)
    # The demo logins' communities get every state; the others (forty at district scale)
    # a few, which keeps the district's load to seconds.
    full = desk is not SYSTEM or _actor(worker, community) is not SYSTEM
    codes = sorted(items)
    now = timezone.now()

    def ask(person, code=None, channel=RequestChannel.COUNTER, **kw):
        return services.request_submit(actor=desk, item=items[code or rng.choice(codes)],
                                       resident=person, channel=channel, **kw)

    # waiting at the counter; accepted, due within hours
    ask(people[0], "hukou_cert")
    near = services.request_accept(actor=desk, service_request=ask(people[2], "pension_cert"))
    ServiceRequest.objects.filter(pk=near.pk).update(due_at=now + dt.timedelta(hours=5))
    if not full:
        _session(community, people, desk, rng, OPINIONS[:3])
        return
    ask(people[1], "medical_insurance", note="材料齐全")
    # one overdue
    late = services.request_accept(actor=desk, service_request=ask(people[3], "legal_aid"))
    ServiceRequest.objects.filter(pk=late.pk).update(
        accepted_at=now - dt.timedelta(days=12), due_at=now - dt.timedelta(days=2))
    # with a department
    handed = services.request_accept(actor=desk, service_request=ask(people[4], "dibao"))
    services.request_hand_off(actor=desk, service_request=handed, to="区民政局社会救助科",
                              note="入户核查后转区局审批")
    # done and rated, refused, withdrawn
    done = services.request_accept(actor=desk, service_request=ask(people[5], "elderly_card"))
    done = services.request_complete(actor=desk, service_request=done, note="证件已送达")
    services.request_rate(actor=desk, service_request=done, rating=rng.choice([4, 5, 5]),
                          comment="服务周到")
    services.request_refuse(actor=desk, service_request=ask(people[6], "residence_permit"),
                            reason="居住未满半年，暂不符合办理条件")
    services.request_withdraw(actor=desk, service_request=ask(people[7], "unemployment_reg"))
    _proxy_on_visit(community, items, worker, within)
    _session(community, people, desk, rng)


def _proxy_on_visit(community: Area, items: dict, worker, within: dict) -> None:
    """In the grid worker's grid: a 代办 request for an elderly or disabled resident, under
    the son's authorisation, taken on a home visit; other tagged residents stay on the
    home round (no visit yet)."""
    actor = _actor(worker, community)
    if actor is SYSTEM:
        return
    grid = actor.scope_for("handle_service_requests").paths[0]
    in_grid = Resident.objects.filter(path__gte=grid, path__lt=grid + "~", is_active=True,
                                      user__isnull=True)
    tagged = list(in_grid.filter(tags__code__in=HOME_SERVICE_TAGS).order_by("id").distinct()[:3])
    if len(tagged) < 3:  # a small demo grid may have none: its oldest live alone
        alone = Tag.objects.get(code="elderly_alone")
        for person in in_grid.exclude(pk__in=[t.pk for t in tagged]).order_by(
                "birth_date", "id")[:3 - len(tagged)]:
            registry_services.resident_update(actor=SYSTEM, resident=person,
                                              tags=[*person.tags.all(), alone])
            tagged.append(person)
    if not tagged:
        return
    person = tagged[0]
    visit = services.visit_log(actor=actor, household=person.household, resident=person,
                               note="独居老人定期走访，身体状况良好")
    auth = services.authorisation_record(
        actor=actor, resident=person, granted_by=f"{person.name[0]}建国（儿子）",
        purpose="代为申请高龄津贴、办理养老保险资格认证",
        valid_until=timezone.localdate() + dt.timedelta(days=180))
    services.request_submit(actor=actor, item=items["elderly_subsidy"], resident=person,
                            channel=RequestChannel.VISIT, authorisation=auth,
                            home_service=True, note="儿子在外地，委托社区代办")
    services.opinion_record(actor=actor, visit=visit, theme=Theme.ELDERLY, resident=person,
                            text="希望每周有人上门量血压")


def _session(community: Area, people: list, actor, rng: random.Random,
             heard: list = OPINIONS) -> None:
    session = services.session_create(
        actor=actor, community=community, title=f"{community.name}民情说吧",
        held_on=timezone.localdate() - dt.timedelta(days=rng.randint(3, 20)),
        place="社区党群服务中心")
    opinions = []
    for i, (theme, text, answer) in enumerate(heard):
        speaker = people[8 + i] if len(people) > 8 + i else None
        o = services.opinion_record(actor=actor, session=session, theme=theme, text=text,
                                    resident=speaker)
        if answer:
            services.opinion_answer(actor=actor, opinion=o, answer=answer)
        opinions.append(o)
    if len(opinions) > 3:
        services.opinion_file_case(actor=SYSTEM, opinion=opinions[1],
                                   category=category_get("property_dispute"))
        services.opinion_refer(actor=actor, opinion=opinions[3])


def _demo_resident(items: dict) -> None:
    """The demo resident: a request under way and one done, waiting for their rating."""
    user = User.objects.filter(username="resident").first()
    resident = resident_of(user)
    if resident is None:
        return
    waiting = services.request_submit(actor=user, item=items["medical_insurance"],
                                      resident=resident, channel=RequestChannel.PORTAL)
    services.request_accept(actor=SYSTEM, service_request=waiting)
    done = services.request_submit(actor=user, item=items["hukou_cert"], resident=resident,
                                   channel=RequestChannel.PORTAL, note="用于子女入学")
    done = services.request_accept(actor=SYSTEM, service_request=done)
    services.request_complete(actor=SYSTEM, service_request=done, note="请到综合窗口领取")

