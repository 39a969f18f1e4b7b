"""The evaluations of the demo district (``shequ demo`` calls :func:`generate_evaluations`
after the patrols).

- two questionnaires of the district (the community's about a unit, named; the units' about
  the community leadership, anonymous, with a question on the party secretary);
- last half-year's two-way round, closed, with answers from most pairs and its
  assessments stored (community staff can offer the best units to 评先选优);
- this half-year's two-way round, open, with answers from about half of the pairs — the
  demo community keeps some units to rate and the demo liaison's units have not answered;
- an open 民意 survey of the demo community that a third of its residents with an account
  answered (not the demo resident);
- commitments of party members of every community in each stage (published with actions,
  overdue without a report, reported and rated), the demo party member's own one under
  way, and a part-time member's for the demo liaison.

Answers are bulk inserted (ballots, responses, answers: the rows the service writes,
without a query per row), so the district scale stays fast; the rounds, the results and the
demo logins' own rows go through the services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.registry.models import PartyMember, Resident
from shequ.registry.selectors import resident_of
from shequ.territory.models import Area, AreaKind

from . import services
from .models import (
    Answer,
    Ballot,
    Commitment,
    CommitmentAction,
    CommitmentRating,
    CommitmentState,
    Direction,
    PersonKind,
    Response,
    Round,
    RoundPair,
)
from .policies import liaison_unit_ids
from .selectors import part_timers_of

UNIT_QUESTIONS = [
    {"kind": "scale", "text": "党组织生活规范，按时参加大党委联席会议"},
    {"kind": "scale", "text": "在职党员双报到、认领服务岗位积极"},
    {"kind": "scale", "text": "向社区开放共享阵地、设施等资源"},
    {"kind": "single", "text": "参与社区重大事项商议", "options": ["每次参与", "偶尔参与", "未参与"]},
    {"kind": "multiple", "text": "突出方面", "options": ["志愿服务", "资源共享", "结对帮扶", "平安巡防"],
     "required": False},
    {"kind": "text", "text": "意见和建议", "required": False},
]
LEADERSHIP_QUESTIONS = [
    {"kind": "scale", "text": "社区班子团结协作、为民办事"},
    {"kind": "scale", "text": "组织驻区单位共驻共建"},
    {"kind": "scale", "text": "对社区党委书记的评价", "subject": "社区党委书记"},
    {"kind": "text", "text": "对社区班子的建议", "required": False},
]
SURVEY_QUESTIONS = [
    {"kind": "scale", "text": "对社区服务的总体满意度"},
    {"kind": "single", "text": "最希望社区增加的服务", "options": ["居家养老", "托育", "停车", "文体活动"]},
    {"kind": "multiple", "text": "您获取社区信息的渠道", "options": ["微信群", "公告栏", "网格员", "本平台"]},
    {"kind": "text", "text": "其他意见", "required": False},
]
COMMITMENTS = ["每月走访联系户不少于4户", "认领楼栋卫生监督岗", "每季度参加一次志愿服务",
               "结对帮扶一户困难家庭", "宣传垃圾分类，带动邻里参与"]
TEXTS = ["工作扎实", "希望多组织活动", "联系群众紧密", "建议加强沟通"]


def generate_evaluations(*, seed: int = 2026, progress: Callable[[str], None] | None = None
                         ) -> dict:
    say = progress or (lambda _msg: None)
    rng = random.Random(seed * 1000 + 13)  # noqa: S311 - demo data, reproducible
    district = Area.objects.filter(kind=AreaKind.DISTRICT).order_by("path").first()
    if district is None:
        return {}
    say("evaluations…")
    now = timezone.now()
    today = timezone.localdate(now)
    half = dt.date(today.year, 1 if today.month <= 6 else 7, 1)
    with transaction.atomic():
        unit_qn = services.questionnaire_create(
            actor=SYSTEM, area=district, title="驻区单位党组织双向评议测评表",
            questions=UNIT_QUESTIONS, anonymous=False)
        lead_qn = services.questionnaire_create(
            actor=SYSTEM, area=district, title="社区班子评议测评表（匿名）",
            questions=LEADERSHIP_QUESTIONS)
        last = (dt.date(half.year, 1, 1) if half.month == 7 else dt.date(half.year - 1, 7, 1))
        past = _two_way(district, unit_qn, lead_qn, now - dt.timedelta(days=200),
                        now - dt.timedelta(days=170), last, half - dt.timedelta(days=1),
                        "上半年" if half.month == 7 else "下半年")
        _answer_pairs(past, rng, share=0.8, skip_units=set())
        services.results_compute(actor=SYSTEM, round=past)
        current = _two_way(district, unit_qn, lead_qn, now - dt.timedelta(days=3),
                           now + dt.timedelta(days=20), half, today, "本期")
        _answer_pairs(current, rng, share=0.5, skip_units=_demo_units())
        survey = _survey(rng, now, half, today)
        commitments = _commitments(rng, today)
    return {"evaluation_rounds": Round.objects.count(), "responses": Response.objects.count(),
            "survey_responses": survey, "commitments": commitments}


def _two_way(district, unit_qn, lead_qn, opens, closes, start, end, label) -> Round:
    return services.round_create(
        actor=SYSTEM, kind="two_way", area=district, title=f"{start.year}年{label}双向评议",
        questionnaire=unit_qn, leadership_questionnaire=lead_qn, opens_at=opens,
        closes_at=closes, period_start=start, period_end=end)


def _demo_community() -> Area | None:
    staff = User.objects.filter(username="community_staff").prefetch_related("grants__area")
    grant = next((g for u in staff for g in u.grants.all()), None)
    return grant.area if grant else None


def _demo_units() -> set[int]:
    from shequ.members.models import UnitLiaison
    return set(UnitLiaison.objects.filter(user__username="unit_liaison")
               .values_list("unit_id", flat=True))


def _answers(rng, questions, response_id) -> list[Answer]:
    out = []
    for q in questions:
        if q.kind == "scale":
            out.append(Answer(response_id=response_id, question_id=q.pk,
                              value=rng.choices([5, 4, 3, 2], [5, 4, 2, 1])[0]))
        elif q.kind == "single":
            out.append(Answer(response_id=response_id, question_id=q.pk,
                              value=rng.randrange(len(q.options))))
        elif q.kind == "multiple":
            out += [Answer(response_id=response_id, question_id=q.pk, value=v)
                    for v in sorted(rng.sample(range(len(q.options)), 2))]
        elif rng.random() < 0.3:
            out.append(Answer(response_id=response_id, question_id=q.pk, text=rng.choice(TEXTS)))
    return out


def _bulk(round: Round, rows: list[tuple[str, str, str, RoundPair | None, str, bool]],
          rng, at) -> int:
    """Write ballots, responses and answers for (direction, evaluator, subject, pair, path,
    anonymous) rows as ``response_submit`` would, in three bulk inserts."""
    if not rows:
        return 0
    Ballot.objects.bulk_create([Ballot(round=round, evaluator=e, subject=s, at=at)
                                for _d, e, s, _p, _path, _a in rows], batch_size=1000)
    responses = Response.objects.bulk_create(
        [Response(round=round, direction=d, pair=p, path=path, evaluator="" if anon else e,
                  submitted_at=None if anon else at) for d, e, _s, p, path, anon in rows],
        batch_size=1000)
    questions = {d: services.questions_for(round, d) for d in {r[0] for r in rows}}
    answers = [a for resp in responses for a in _answers(rng, questions[resp.direction],
                                                          resp.pk)]
    Answer.objects.bulk_create(answers, batch_size=2000)
    return len(responses)


def _answer_pairs(round: Round, rng, *, share: float, skip_units: set[int]) -> None:
    demo = _demo_community()
    rows = []
    for pair in round.pairs.all().order_by("id"):
        if rng.random() < share and not (demo and pair.community_id == demo.pk
                                         and rng.random() < 0.5):
            rows.append((Direction.UNITS, f"area:{pair.community_id}", f"unit:{pair.unit_id}",
                         pair, pair.path, False))
        if rng.random() < share and pair.unit_id not in skip_units:
            rows.append((Direction.LEADERSHIP, f"unit:{pair.unit_id}",
                         f"area:{pair.community_id}", pair, pair.path, True))
    _bulk(round, rows, rng, min(round.closes_at, timezone.now()) - dt.timedelta(hours=1))


def _survey(rng, now, start, today) -> int:
    community = _demo_community()
    if community is None:
        return 0
    qn = services.questionnaire_create(actor=SYSTEM, area=community,
                                       title=f"{community.name}居民满意度调查",
                                       questions=SURVEY_QUESTIONS)
    survey = services.round_create(
        actor=SYSTEM, kind="survey", area=community, title=f"{today.year}年{community.name}民意调查",
        questionnaire=qn, opens_at=now - dt.timedelta(days=2), closes_at=now + dt.timedelta(days=14),
        period_start=start, period_end=today)
    users = list(Resident.objects.filter(path__gte=community.path, path__lt=community.path + "~",
                                         user__isnull=False, is_active=True)
                 .exclude(user__username="resident").values_list("user_id", "path"))
    chosen = [u for u in users if rng.random() < 0.35]
    return _bulk(survey, [(Direction.SURVEY, f"user:{uid}", "", None, community.path, True)
                          for uid, _path in chosen], rng, now - dt.timedelta(hours=5))


def _commitments(rng, today) -> int:
    """Per community up to six party members' commitments in every stage (recorded by the
    office for those without an account), the demo party member's own under way, a
    part-time member's for the demo liaison."""
    from shequ.members.selectors import home_community
    members = list(PartyMember.objects.select_related("resident__user", "org")
                   .order_by("path", "id")[:20000])
    by_community: dict[str, list] = {}
    for m in members:
        path = ".".join(m.path.split(".")[:3])
        if len(by_community.setdefault(path, [])) < 6:
            by_community[path].append(m)
    communities = {a.path: a for a in Area.objects.filter(path__in=list(by_community))}
    raters = list(User.objects.filter(resident__isnull=False).exclude(
        username__in=("party_member", "resident")).values_list("pk", flat=True)[:40])
    rows, stages = [], []
    for path, people in by_community.items():
        for i, m in enumerate(people):
            if m.resident.user_id and m.resident.user.username == "party_member":
                continue
            stage = i % 3
            end = today - dt.timedelta(days=rng.randint(3, 40)) if stage else \
                today + dt.timedelta(days=rng.randint(10, 60))
            rows.append(Commitment(
                kind=PersonKind.PARTY_MEMBER, user_id=m.resident.user_id, person=m.resident.name,
                member=m, org=m.org, unit_id=m.unit_id, community=communities[path], path=path,
                title=rng.choice(COMMITMENTS), period_start=end - dt.timedelta(days=180),
                period_end=end, progress=[rng.randint(10, 70), rng.randint(30, 80), 100][stage],
                state=CommitmentState.REPORTED if stage == 2 else CommitmentState.PUBLISHED,
                report="已按承诺完成，具体见践诺记录。" if stage == 2 else "",
                reported_at=timezone.now() if stage == 2 else None))
            stages.append(stage)
    made = Commitment.objects.bulk_create(rows, batch_size=1000)
    if any(c.pk is None for c in made):
        made = list(Commitment.objects.order_by("id"))
    CommitmentAction.objects.bulk_create(
        [CommitmentAction(commitment=c, done_on=min(today, c.period_end) - dt.timedelta(days=7),
                          note="入户走访，了解困难诉求并登记", created_by_id=c.user_id)
         for c in made],
        batch_size=1000)
    CommitmentRating.objects.bulk_create(
        [CommitmentRating(commitment=c, rater_id=r, score=rng.choice([5, 5, 4, 3]))
         for c, s in zip(made, stages, strict=True) if s == 2
         for r in rng.sample(raters, min(3, len(raters))) if r != c.user_id],
        batch_size=1000, ignore_conflicts=True)
    _demo_commitments(today, home_community)
    return Commitment.objects.count()


def _demo_commitments(today, home_community) -> None:
    """The demo party member's commitment under way (they record and report), and one of a
    part-time committee member of the demo liaison's unit."""
    start, end = today - dt.timedelta(days=60), today + dt.timedelta(days=30)
    user = User.objects.filter(username="party_member").first()
    member = resident_of(user).membership if resident_of(user) is not None else None
    if member is not None and home_community(member) is not None:
        c = services.commitment_publish(actor=user, title="每月为独居老人上门服务一次",
                                        period_start=start, period_end=end,
                                        body="联系本楼栋3位独居老人，每月上门一次。")
        services.action_record(actor=user, commitment=c, note="上门看望独居老人，代购生活用品",
                               done_on=today - dt.timedelta(days=10), progress=40)
    liaison = User.objects.filter(username="unit_liaison").first()
    part_timer = part_timers_of(liaison_unit_ids(liaison)).first() if liaison else None
    if part_timer is not None:
        services.commitment_publish(actor=liaison, part_timer=part_timer,
                                    title="开放单位会议室供社区议事使用", period_start=start,
                                    period_end=end)
