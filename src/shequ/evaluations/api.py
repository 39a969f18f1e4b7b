"""干部联评 over the JSON API (/api/v1/evaluations/).

POST  questionnaires          {area, title, questions: [{kind, text, options?, required?,
                              subject?}], anonymous?, description?} → 201
GET   rounds                  ?kind=&area=&cursor= → {items, next_cursor} (staff)
POST  rounds                  {kind, area, title, questionnaire, leadership_questionnaire?,
                              opens_at, closes_at, period_start, period_end} → 201; 400
                              no_units_to_evaluate
GET   rounds/mine             what I am asked to answer now (surveys, my units' ratings)
GET   rounds/{id}             the round and the questions of ?direction=
POST  rounds/{id}/responses   {direction?, pair?, answers: {question id: value}} → 201
                              {id (null when anonymous), round, direction};
                              409 round_not_open / round_closed / already_responded,
                              400 bad_answer / missing_answer (field q<id>)
GET   rounds/{id}/results     ?direction= → response rates, per question, per unit
POST  rounds/{id}/close       POST rounds/{id}/assessments (store the results)
POST  rounds/{id}/offer       {selection, size} → 201 nominations to a 评先选优 selection
GET   commitments             ?state=&overdue=&area=&cursor= (staff)   GET commitments/mine
POST  commitments             {title, period_start, period_end, body?, part_timer?} → 201
GET   commitments/{id}
POST  commitments/{id}/actions  {note, done_on, progress?, link_kind?, link_id?} → 201;
                              400 bad_progress, 409 commitment_reported
POST  commitments/{id}/report {report}
POST  commitments/{id}/ratings {score, comment?} → 201; 409 already_rated /
                              commitment_not_reported
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from shequ.campaigns import selectors as campaign_selectors
from shequ.core.keyset import keyset_page
from shequ.territory import selectors as territory_selectors
from shequ.territory.filters import in_area

from . import selectors, services
from .policies import Action

router = Router(tags=["evaluations"])


class Paging(Schema):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class RoundPaging(Paging):
    kind: str = ""
    area: int | None = None


class CommitmentPaging(Paging):
    state: str = ""
    overdue: bool | None = None
    area: int | None = None


class QuestionIn(Schema):
    kind: str
    text: str
    options: list[str] = []
    required: bool = True
    subject: str = ""


class QuestionnaireIn(Schema):
    area: int
    title: str
    description: str = ""
    anonymous: bool = True
    questions: list[QuestionIn]


class RoundIn(Schema):
    kind: str
    area: int
    title: str
    questionnaire: int
    leadership_questionnaire: int | None = None
    opens_at: dt.datetime
    closes_at: dt.datetime
    period_start: dt.date
    period_end: dt.date


class ResponseIn(Schema):
    direction: str = ""
    pair: int | None = None
    answers: dict[str, int | list[int] | str]


class OfferIn(Schema):
    selection: int
    size: int = 5


class CommitmentIn(Schema):
    title: str
    body: str = ""
    period_start: dt.date
    period_end: dt.date
    part_timer: int | None = None


class ActionIn(Schema):
    note: str
    done_on: dt.date
    progress: int | None = None
    link_kind: str = ""
    link_id: int | None = None


class ReportIn(Schema):
    report: str


class RateIn(Schema):
    score: int
    comment: str = ""


def _round(r) -> dict:
    return {"id": r.pk, "title": r.title, "kind": r.kind, "area": r.area_id,
            "opens_at": r.opens_at, "closes_at": r.closes_at, "period_start": r.period_start,
            "period_end": r.period_end, "questionnaire": r.questionnaire_id,
            "leadership_questionnaire": r.leadership_questionnaire_id,
            "results_at": r.results_at}


def _question(q) -> dict:
    return {"id": q.pk, "position": q.position, "kind": q.kind, "text": q.text,
            "options": q.options, "required": q.required, "subject": q.subject}


def _commitment(c) -> dict:
    return {"id": c.pk, "kind": c.kind, "person": c.person, "title": c.title, "body": c.body,
            "community": c.community_id, "unit": c.unit_id, "org": c.org_id,
            "period_start": c.period_start, "period_end": c.period_end, "state": c.state,
            "progress": c.progress, "report": c.report, "reported_at": c.reported_at}


@router.post("/questionnaires", response={201: dict})
def questionnaire_create(request, payload: QuestionnaireIn):
    data = payload.dict()
    data["area"] = territory_selectors.area_get_for_actor(request.user, payload.area)
    qn = services.questionnaire_create(actor=request.user, **data)
    return Status(201, {"id": qn.pk, "title": qn.title, "anonymous": qn.anonymous,
                        "questions": [_question(q) for q in qn.questions.all()]})


def _in_area(request, qs, area):
    """``area``: one where the user sees evaluations (404 on ``area`` else)."""
    return in_area(qs, actor=request.user, action=Action.VIEW_EVALUATIONS, area_id=area,
                   refuse=True)


@router.get("/rounds", response=dict)
def round_list(request, q: Query[RoundPaging]):
    qs = _in_area(request, selectors.round_list(actor=request.user, kind=q.kind), q.area)
    rows, cursor = keyset_page(qs, limit=q.limit, cursor=q.cursor)
    return {"items": [{**_round(r), "responses": r.response_count} for r in rows],
            "next_cursor": cursor}


@router.post("/rounds", response={201: dict})
def round_create(request, payload: RoundIn):
    user, data = request.user, payload.dict()
    data["area"] = territory_selectors.area_get_for_actor(user, payload.area)
    data["questionnaire"] = selectors.questionnaire_get_for_actor(user, payload.questionnaire)
    if payload.leadership_questionnaire:
        data["leadership_questionnaire"] = selectors.questionnaire_get_for_actor(
            user, payload.leadership_questionnaire)
    r = services.round_create(actor=user, **data)
    return Status(201, {**_round(r), "pairs": r.pairs.count()})


@router.get("/rounds/mine", response=list[dict])
def my_rounds(request):
    return [{**_round(i["round"]), "pair": i["pair"].pk if i["pair"] else None,
             "unit": i["pair"].unit_id if i["pair"] else None, "done": i["done"]}
            for i in selectors.my_rounds(request.user)]


@router.get("/rounds/{round_id}", response=dict)
def round_detail(request, round_id: int, direction: str = ""):
    r = selectors.round_get_for_actor(request.user, round_id)
    direction = direction or ("survey" if r.kind == "survey" else "units")
    return {**_round(r), "questions": [_question(q)
                                       for q in services.questions_for(r, direction)]}


@router.post("/rounds/{round_id}/responses", response={201: dict})
def response_submit(request, round_id: int, payload: ResponseIn):
    r = selectors.round_get_for_actor(request.user, round_id)
    pair = (selectors.pair_for_answer(request.user, r, payload.pair, payload.direction)
            if payload.pair else None)
    row = services.response_submit(actor=request.user, round=r, pair=pair,
                                   direction=payload.direction, answers=payload.answers)
    # An anonymous response's key is not handed back beside the account that gave it.
    return Status(201, {"id": str(row.pk) if row.evaluator else None, "round": r.pk,
                        "direction": row.direction})


@router.get("/rounds/{round_id}/results", response=dict)
def round_results(request, round_id: int, direction: str = ""):
    r = selectors.round_results_get_for_actor(request.user, round_id)
    area = selectors.results_area(request.user, r)
    questions = [{**_question(row["question"]), "total": row["total"],
                  "mean": row.get("mean"), "texts": row["texts"],
                  "counts": [{"label": label, "n": n, "share": share}
                             for label, n, share in row.get("bars", [])]}
                 for row in selectors.question_results(r, direction, area_path=area)]
    units = [{"unit": s["unit_id"], "community": s["community_id"], "name": s["unit__name"],
              "unit_mean": s["unit_mean"], "leadership_mean": s["leadership_mean"]}
             for s in selectors.unit_scores(r, area_path=area)] if r.kind == "two_way" else []
    return {"round": r.pk, "rates": selectors.response_rates(r, area_path=area),
            "questions": questions, "units": units}


@router.post("/rounds/{round_id}/close", response=dict)
def round_close(request, round_id: int):
    r = selectors.round_get_for_actor(request.user, round_id)
    return _round(services.round_close(actor=request.user, round=r))


@router.post("/rounds/{round_id}/assessments", response=dict)
def results_compute(request, round_id: int):
    r = selectors.round_get_for_actor(request.user, round_id)
    return {"assessments": services.results_compute(actor=request.user, round=r)}


@router.post("/rounds/{round_id}/offer", response={201: dict})
def candidates_offer(request, round_id: int, payload: OfferIn):
    user = request.user
    r = selectors.round_get_for_actor(user, round_id)
    selection = campaign_selectors.selection_get_for_actor(user, payload.selection)
    rows = services.candidates_offer(actor=user, round=r, selection=selection,
                                     size=payload.size)
    return Status(201, {"nominations": [{"id": n.pk, "nominee": n.nominee} for n in rows]})


@router.get("/commitments", response=dict)
def commitment_list(request, q: Query[CommitmentPaging]):
    qs = _in_area(request, selectors.commitment_list(
        actor=request.user, state=q.state, overdue=q.overdue), q.area)
    rows, cursor = keyset_page(qs, limit=q.limit, cursor=q.cursor)
    return {"items": [_commitment(c) for c in rows], "next_cursor": cursor}


@router.get("/commitments/mine", response=list[dict])
def my_commitments(request):
    return [_commitment(c) for c in selectors.my_commitments(request.user)]


@router.post("/commitments", response={201: dict})
def commitment_publish(request, payload: CommitmentIn):
    data = payload.dict()
    if payload.part_timer:
        data["part_timer"] = selectors.part_timer_get(request.user, payload.part_timer)
    return Status(201, _commitment(services.commitment_publish(actor=request.user, **data)))


@router.get("/commitments/{commitment_id}", response=dict)
def commitment_detail(request, commitment_id: int):
    c = selectors.commitment_get_for_actor(request.user, commitment_id)
    return {**_commitment(c), "ratings": selectors.commitment_rating_summary(c),
            "actions": [{"id": a.pk, "done_on": a.done_on, "note": a.note,
                         "link_kind": a.link_kind, "link_id": a.link_id,
                         "evidence": bool(a.evidence)} for a in selectors.commitment_actions(c)]}


@router.post("/commitments/{commitment_id}/actions", response={201: dict})
def action_record(request, commitment_id: int, payload: ActionIn):
    c = selectors.commitment_get_for_actor(request.user, commitment_id)
    a = services.action_record(actor=request.user, commitment=c, **payload.dict())
    return Status(201, {"id": a.pk, "commitment": c.pk, "note": a.note})


@router.post("/commitments/{commitment_id}/report", response=dict)
def commitment_report(request, commitment_id: int, payload: ReportIn):
    c = selectors.commitment_get_for_actor(request.user, commitment_id)
    return _commitment(services.commitment_report(actor=request.user, commitment=c,
                                                  report=payload.report))


@router.post("/commitments/{commitment_id}/ratings", response={201: dict})
def commitment_rate(request, commitment_id: int, payload: RateIn):
    c = selectors.commitment_get_for_actor(request.user, commitment_id)
    row = services.commitment_rate(actor=request.user, commitment=c, **payload.dict())
    return Status(201, {"id": row.pk, "score": row.score, "by_committee": row.by_committee})
