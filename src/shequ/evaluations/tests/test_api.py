"""The JSON API: the same services and the same refusals as the pages, as
``{"code", "message", "field"}`` with a 4xx."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.campaigns import services as campaign_services
from shequ.evaluations import services
from shequ.testing import factories

from .conftest import answers_for, pair_of

pytestmark = pytest.mark.django_db
BASE = "/api/v1/evaluations"


def post(client, user, path, payload):
    return client.post(BASE + path, payload, content_type="application/json",
                       **factories.bearer(user))


def get(client, user, path):
    return client.get(BASE + path, **factories.bearer(user))


def test_create_a_questionnaire_and_a_survey_round(client, staff, tree):
    r = post(client, staff, "/questionnaires", {
        "area": tree.community.pk, "title": "民意调查",
        "questions": [{"kind": "scale", "text": "满意度"},
                      {"kind": "single", "text": "需求", "options": ["养老", "托育"]}]})
    assert r.status_code == 201, r.content
    now = timezone.now()
    r = post(client, staff, "/rounds", {
        "kind": "survey", "area": tree.community.pk, "title": "2026民调",
        "questionnaire": r.json()["id"], "opens_at": now.isoformat(),
        "closes_at": (now + dt.timedelta(days=3)).isoformat(),
        "period_start": "2026-01-01", "period_end": "2026-06-30"})
    assert r.status_code == 201, r.content
    assert get(client, staff, "/rounds").json()["items"][0]["title"] == "2026民调"


def test_a_bad_questionnaire_names_the_question(client, staff, tree):
    r = post(client, staff, "/questionnaires", {
        "area": tree.community.pk, "title": "坏问卷",
        "questions": [{"kind": "single", "text": "只有一个", "options": ["是"]}]})
    assert r.status_code == 400
    assert r.json()["field"] == "questions.0"


def test_respond_once_then_409(client, resident, survey):
    answers = {str(k): v for k, v in answers_for(survey, "").items()}
    assert post(client, resident, f"/rounds/{survey.pk}/responses",
                {"answers": answers}).status_code == 201
    r = post(client, resident, f"/rounds/{survey.pk}/responses", {"answers": answers})
    assert (r.status_code, r.json()["code"]) == (409, "already_responded")


def test_a_response_after_closing_is_409(client, staff, resident, survey):
    services.round_close(actor=staff, round=survey)
    answers = {str(k): v for k, v in answers_for(survey, "").items()}
    r = post(client, resident, f"/rounds/{survey.pk}/responses", {"answers": answers})
    assert (r.status_code, r.json()["code"]) == (409, "round_closed")


def test_a_liaison_rates_the_community_and_cannot_read_results(client, liaison, two_way,
                                                               orgs):
    pair = pair_of(two_way, orgs["hospital"])
    mine = get(client, liaison, "/rounds/mine").json()
    assert {m["unit"] for m in mine} == {orgs["hospital"].pk, orgs["bank"].pk}
    answers = {str(k): v for k, v in answers_for(two_way, "leadership").items()}
    r = post(client, liaison, f"/rounds/{two_way.pk}/responses",
             {"direction": "leadership", "pair": pair.pk, "answers": answers})
    assert r.status_code == 201, r.content
    assert get(client, liaison, f"/rounds/{two_way.pk}/results").status_code == 404


def test_results_assessments_and_the_offer_to_a_selection(client, staff, two_way, orgs, tree):
    for unit, scale in ((orgs["hospital"], 5), (orgs["bank"], 2)):
        services.response_submit(actor=staff, round=two_way, pair=pair_of(two_way, unit),
                                 direction="units",
                                 answers=answers_for(two_way, "units", scale))
    res = get(client, staff, f"/rounds/{two_way.pk}/results").json()
    assert res["rates"]["rated"] == 2 and res["questions"][0]["mean"] == 3.5
    r = post(client, staff, f"/rounds/{two_way.pk}/offer", {"selection": 0, "size": 1})
    assert r.status_code == 404
    selection = campaign_services.selection_create(
        actor=staff, title="先进基层党组织", kind="other", community=tree.community,
        description="")
    r = post(client, staff, f"/rounds/{two_way.pk}/offer",
             {"selection": selection.pk, "size": 1})
    assert (r.status_code, r.json()["code"]) == (400, "results_not_ready")
    assert post(client, staff, f"/rounds/{two_way.pk}/assessments", {}).json() == {
        "assessments": 2}
    r = post(client, staff, f"/rounds/{two_way.pk}/offer",
             {"selection": selection.pk, "size": 1})
    assert r.status_code == 201
    assert [n["nominee"] for n in r.json()["nominations"]] == ["医院"]


def test_commitment_flow_and_refusals(client, member, resident):
    today = timezone.localdate()
    r = post(client, member, "/commitments", {
        "title": "每周义务巡逻", "period_start": str(today - dt.timedelta(days=10)),
        "period_end": str(today + dt.timedelta(days=20))})
    assert r.status_code == 201
    cid = r.json()["id"]
    r = post(client, member, f"/commitments/{cid}/actions",
             {"note": "巡逻2小时", "done_on": str(today), "progress": 150})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (400, "bad_progress",
                                                                    "progress")
    assert post(client, member, f"/commitments/{cid}/actions",
                {"note": "巡逻2小时", "done_on": str(today), "progress": 50}).status_code == 201
    r = post(client, resident, f"/commitments/{cid}/ratings", {"score": 5})
    assert (r.status_code, r.json()["code"]) == (409, "commitment_not_reported")
    assert post(client, member, f"/commitments/{cid}/report",
                {"report": "完成"}).status_code == 200
    assert post(client, resident, f"/commitments/{cid}/ratings", {"score": 5}).status_code == 201
    r = post(client, resident, f"/commitments/{cid}/ratings", {"score": 4})
    assert (r.status_code, r.json()["code"]) == (409, "already_rated")
