"""A two-way evaluation round of 2,000 units × 40 communities, on a fresh SQLite database
of its own (no demo needed).

Builds 12 streets × 40 communities, each with its 大党委 (community party committee) and 50
units on it (a part-time member each: 2,000 units), two questionnaires (the community's
about a unit: 3 scale + a single + a multiple choice + a text question; the units' about
the community: 2 scale + a cadre question), a district round over all of them and every
answer both ways (4,000 responses, ≈30k answers), bulk inserted.

Figures (target from issue 13: the round aggregates ≤ 2 s):
- the aggregation a results page reads — response rates per community, results per
  question both ways, the mean per unit — median of 3;
- ``services.results_compute``: the same as assessments per unit, per community leadership
  and per cadre, written (median of 3; each run replaces the last).
Timings are reported, never asserted.

    .venv/bin/python bench/evaluations_bench.py
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

import benchlib

DB = benchlib.OUT / "evaluations.sqlite3"
UNITS_PER_COMMUNITY = 50


def build(rng: random.Random):
    from django.utils import timezone

    from shequ.core.actors import SYSTEM
    from shequ.core.validators import uscc_check_char
    from shequ.evaluations import services
    from shequ.evaluations.models import Answer, Ballot, Response
    from shequ.organizations.models import PartTimeMember, PartyOrg, Unit
    from shequ.territory.models import Area

    district = Area.objects.create(kind="district", name="区", code="511703", path="01",
                                   depth=0)
    communities = []
    for s in range(12):
        street = Area.objects.create(kind="street", name=f"街道{s}", code=f"511703{s:03d}",
                                     path=f"01.{s + 1:02d}", depth=1, parent=district)
        for c in range(4 if s < 4 else 3):
            n = len(communities)
            communities.append(Area.objects.create(
                kind="community", name=f"社区{n}", code=f"{street.code}{c:03d}",
                path=f"{street.path}.{c + 1:03d}", depth=2, parent=street))
    committees = PartyOrg.objects.bulk_create([
        PartyOrg(kind="community_committee", name=f"{c.name}党委", area=c, path=c.path)
        for c in communities])
    units = []
    for c in communities:
        for k in range(UNITS_PER_COMMUNITY):
            first = f"91510100M{len(units):08d}"
            units.append(Unit(name=f"{c.name}单位{k}", credit_code=first + uscc_check_char(first),
                              kind="enterprise", area=c, path=c.path))
    units = Unit.objects.bulk_create(units, batch_size=500)
    by_path = {c.path: c for c in committees}
    PartTimeMember.objects.bulk_create([
        PartTimeMember(committee=by_path[u.path], name=f"委员{u.pk}", unit=u, post="兼职委员",
                       path=u.path) for u in units], batch_size=500)
    unit_qn = services.questionnaire_create(actor=SYSTEM, area=district, title="单位测评",
                                            anonymous=False, questions=[
        {"kind": "scale", "text": "组织生活"}, {"kind": "scale", "text": "双报到"},
        {"kind": "scale", "text": "资源共享"},
        {"kind": "single", "text": "参会", "options": ["每次", "偶尔", "从不"]},
        {"kind": "multiple", "text": "突出", "options": ["志愿", "资源", "帮扶", "巡防"]},
        {"kind": "text", "text": "建议", "required": False}])
    lead_qn = services.questionnaire_create(actor=SYSTEM, area=district, title="班子测评",
                                            questions=[
        {"kind": "scale", "text": "团结"}, {"kind": "scale", "text": "共建"},
        {"kind": "scale", "text": "书记", "subject": "书记"}])
    now = timezone.now()
    r = services.round_create(actor=SYSTEM, kind="two_way", area=district, title="双向评议",
                              questionnaire=unit_qn, leadership_questionnaire=lead_qn,
                              opens_at=now - dt.timedelta(days=1),
                              closes_at=now + dt.timedelta(days=1),
                              period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30))
    pairs = list(r.pairs.all())
    rows = [("units", f"area:{p.community_id}", f"unit:{p.unit_id}", p) for p in pairs]
    rows += [("leadership", f"unit:{p.unit_id}", f"area:{p.community_id}", p) for p in pairs]
    Ballot.objects.bulk_create([Ballot(round=r, evaluator=e, subject=s, at=now)
                                for _d, e, s, _p in rows], batch_size=1000)
    responses = Response.objects.bulk_create(
        [Response(round=r, direction=d, pair=p, path=p.path, evaluator=e if d == "units" else "")
         for d, e, _s, p in rows], batch_size=1000)
    questions = {d: services.questions_for(r, d) for d in ("units", "leadership")}
    answers = []
    for resp in responses:
        for q in questions[resp.direction]:
            if q.kind == "scale":
                answers.append(Answer(response=resp, question=q, value=rng.randint(2, 5)))
            elif q.kind == "single":
                answers.append(Answer(response=resp, question=q, value=rng.randrange(3)))
            elif q.kind == "multiple":
                answers += [Answer(response=resp, question=q, value=v)
                            for v in rng.sample(range(4), 2)]
            elif rng.random() < 0.2:
                answers.append(Answer(response=resp, question=q, text="建议加强沟通"))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return r, len(pairs), len(responses), len(answers)


def main() -> dict:
    benchlib.fresh_db(DB)
    benchlib.setup_django(DB)
    from django.db import transaction

    from shequ.core.actors import SYSTEM
    from shequ.evaluations import selectors, services

    rng = random.Random(benchlib.SEED)  # noqa: S311 - bench data
    with transaction.atomic():
        r, pairs, responses, answers = build(rng)

    def aggregate():
        selectors.response_rates(r)
        selectors.question_results(r, "units")
        selectors.question_results(r, "leadership")
        return list(selectors.unit_scores(r))

    runs, stored = [], []
    for _ in range(3):
        t = time.perf_counter()
        scores = aggregate()
        runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        n = services.results_compute(actor=SYSTEM, round=r)
        stored.append(time.perf_counter() - t)
    result = {
        "machine": benchlib.machine(), "communities": 40, "units": pairs,
        "responses": responses, "answers": answers, "units_scored": len(scores),
        "aggregate_s": round(statistics.median(runs), 3),
        "results_compute_s": round(statistics.median(stored), 3), "assessments": n,
    }
    print(benchlib.table(["figure", "value"], [[k, v] for k, v in result.items()
                                               if k != "machine"]))
    benchlib.write_json("evaluations", result)
    return result


if __name__ == "__main__":
    main()
