"""Fixtures for evaluations: a community 大党委 with two units (one a member organisation,
one through a part-time member), a liaison for the first, a resident and a party member
with accounts, questionnaires and an open two-way round and survey."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.core.validators import uscc_check_char
from shequ.evaluations import services
from shequ.members import services as member_services
from shequ.organizations import services as org_services
from shequ.registry import services as registry_services
from shequ.testing import factories

PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
UNIT_QUESTIONS = [
    {"kind": "scale", "text": "组织生活规范"},
    {"kind": "scale", "text": "服务群众积极"},
    {"kind": "single", "text": "是否参加联席会议", "options": ["每次", "偶尔", "从不"]},
    {"kind": "multiple", "text": "突出方面", "options": ["志愿服务", "资源共享", "结对帮扶"],
     "required": False},
    {"kind": "text", "text": "意见建议", "required": False},
]
LEADERSHIP_QUESTIONS = [
    {"kind": "scale", "text": "班子团结协作"},
    {"kind": "scale", "text": "对书记王书记的评价", "subject": "王书记"},
]


def code(n: int) -> str:
    first = f"91350100M{n:08d}"
    return first + uscc_check_char(first)


def person(household, name, area, role=Role.RESIDENT):
    """A resident with a signed-in account linked to them."""
    r = factories.resident(household, name=name)
    r.user = factories.user(role, area)
    r.save(update_fields=["user"])
    return r


@pytest.fixture
def orgs(tree):
    d = org_services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                      area=tree.district)
    s = org_services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                      name="党工委", area=tree.street, parent=d)
    committee = org_services.party_org_create(actor=SYSTEM, kind="community_committee",
                                              name="社区党委", area=tree.community, parent=s)
    branch = org_services.party_org_create(actor=SYSTEM, kind="branch", name="第一支部",
                                           area=tree.grid1, parent=committee)
    hospital = org_services.unit_create(actor=SYSTEM, name="医院", credit_code=code(1),
                                        kind="institution", area=tree.community)
    bank = org_services.unit_create(actor=SYSTEM, name="银行", credit_code=code(2),
                                    kind="enterprise", area=tree.community)
    hospital_org = org_services.party_org_create(actor=SYSTEM, kind="unit_org",
                                                 name="医院党委", area=tree.community,
                                                 parent=s, unit=hospital)
    org_services.committee_member_add(actor=SYSTEM, committee=committee, org=hospital_org)
    part_timer = org_services.part_time_member_add(actor=SYSTEM, committee=committee,
                                                   name="赵六", unit=bank, post="兼职委员")
    return {"committee": committee, "branch": branch, "hospital": hospital, "bank": bank,
            "part_timer": part_timer}


@pytest.fixture
def liaison(tree, orgs):
    user = factories.user(Role.UNIT_LIAISON, tree.community, username="liaison1")
    member_services.unit_liaison_link(actor=SYSTEM, user=user, unit=orgs["hospital"])
    member_services.unit_liaison_link(actor=SYSTEM, user=user, unit=orgs["bank"])
    return user


@pytest.fixture
def resident(tree):
    return person(tree.household1, "王芳", tree.grid1).user


@pytest.fixture
def neighbour(tree):
    return person(tree.household2, "刘强", tree.grid2).user


@pytest.fixture
def member(tree, orgs):
    r = person(tree.household1, "李四", tree.grid1, Role.PARTY_MEMBER)
    registry_services.party_member_create(actor=SYSTEM, resident=r, org=orgs["branch"],
                                          joined_on=dt.date(2010, 7, 1), unit=orgs["hospital"])
    return r.user


@pytest.fixture
def unit_questionnaire(staff, tree):
    return services.questionnaire_create(actor=staff, area=tree.community, title="单位党组织测评",
                                         questions=UNIT_QUESTIONS, anonymous=False)


@pytest.fixture
def leadership_questionnaire(staff, tree):
    return services.questionnaire_create(actor=staff, area=tree.community, title="社区班子测评",
                                         questions=LEADERSHIP_QUESTIONS)


def window(days_before=1, days_after=7):
    now = timezone.now()
    return now - dt.timedelta(days=days_before), now + dt.timedelta(days=days_after)


@pytest.fixture
def two_way(staff, tree, orgs, unit_questionnaire, leadership_questionnaire):
    opens, closes = window()
    return services.round_create(
        actor=staff, kind="two_way", area=tree.community, title="2026上半年双向评议",
        questionnaire=unit_questionnaire, leadership_questionnaire=leadership_questionnaire,
        opens_at=opens, closes_at=closes, period_start=PERIOD[0], period_end=PERIOD[1])


@pytest.fixture
def survey(staff, tree):
    qn = services.questionnaire_create(
        actor=staff, area=tree.community, title="民意调查",
        questions=[{"kind": "scale", "text": "对社区服务满意度"},
                   {"kind": "single", "text": "最需要的服务", "options": ["养老", "托育", "停车"]}])
    opens, closes = window()
    return services.round_create(actor=staff, kind="survey", area=tree.community,
                                 title="2026民意调查", questionnaire=qn, opens_at=opens,
                                 closes_at=closes, period_start=PERIOD[0],
                                 period_end=PERIOD[1])


def answers_for(round, direction, scale=4):
    """Valid answers to every required question of the round's questionnaire."""
    out = {}
    for q in services.questions_for(round, direction):
        if q.kind == "scale":
            out[q.pk] = scale
        elif q.kind == "single":
            out[q.pk] = 0
        elif q.kind == "multiple":
            out[q.pk] = [0, 2]
        else:
            out[q.pk] = "很好"
    return out


def pair_of(round, unit):
    return round.pairs.get(unit=unit)
