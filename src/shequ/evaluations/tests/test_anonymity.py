"""An anonymous response cannot be linked to who gave it: the ballot says who answered and
when, in order; the response and its answers carry no evaluator, no time and a random key, so
neither their ids, nor the order lists and the API give them, nor the submit answer lead back
to a ballot. A named (not anonymous) questionnaire keeps who and when."""

import datetime as dt
import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shequ.core.models import AuditEvent
from shequ.evaluations import services
from shequ.evaluations.models import Answer, Ballot, Response
from shequ.testing import factories

from .conftest import PERIOD, person, window

pytestmark = pytest.mark.django_db
N = 8  # 8! orders: a random key follows the submission order once in 40,320 runs


def make_round(staff, tree, *, anonymous=True):
    qn = services.questionnaire_create(
        actor=staff, area=tree.community, title="匿名调查" if anonymous else "实名调查",
        anonymous=anonymous, questions=[{"kind": "scale", "text": "满意度"},
                                        {"kind": "text", "text": "意见", "required": False}])
    opens, closes = window()
    return services.round_create(actor=staff, kind="survey", area=tree.community,
                                 title=qn.title, questionnaire=qn, opens_at=opens,
                                 closes_at=closes, period_start=PERIOD[0], period_end=PERIOD[1])


def answer_all(round, tree, client=None) -> list[tuple[str, str]]:
    """N residents answer one after the other; (evaluator key, their text) in that order."""
    scale, text = round.questionnaire.questions.order_by("position")
    given = []
    for k in range(N):
        user = person(tree.household1, f"居民{k}", tree.grid1).user
        answers = {str(scale.pk): 3, str(text.pk): f"意见{k}"}
        if client is None:
            services.response_submit(actor=user, round=round, answers=answers)
        else:
            r = client.post(f"/api/v1/evaluations/rounds/{round.pk}/responses",
                            {"answers": answers}, content_type="application/json",
                            **factories.bearer(user))
            assert r.status_code == 201 and r.json()["id"] is None
        given.append((f"user:{user.pk}", f"意见{k}"))
    return given


def test_the_rows_keep_no_evaluator_no_time_and_no_sequence(staff, tree):
    # given an anonymous survey answered by N residents one after the other
    round = make_round(staff, tree)
    given = answer_all(round, tree)
    ballots = list(Ballot.objects.filter(round=round).order_by("at", "id")
                   .values_list("evaluator", flat=True))
    assert ballots == [e for e, _t in given]   # the ballot keeps who answered, in order
    # then no response or answer column says who or when, and the keys are random
    responses = list(Response.objects.filter(round=round))
    assert {(r.evaluator, r.submitted_at) for r in responses} == {("", None)}
    answers = Answer.objects.filter(response__round=round, question__kind="text")
    assert all(isinstance(a.pk, uuid.UUID) and a.pk.version == 4 for a in answers)
    assert all(isinstance(r.pk, uuid.UUID) and r.pk.version == 4 for r in responses)
    # and neither key order follows the order the ballots were cast in
    in_order = [t for _e, t in given]
    assert [a.text for a in answers.order_by("pk")] != in_order
    assert [a.text for a in answers.order_by("response_id")] != in_order
    # nor does the audit trail name a response
    for event in AuditEvent.objects.filter(action="respond"):
        assert not any(str(r.pk) in json.dumps([event.summary, event.after, event.before],
                                                default=str) for r in responses)


def test_the_api_neither_returns_the_key_nor_lists_answers_in_submission_order(
        client, staff, tree):
    round = make_round(staff, tree)
    given = answer_all(round, tree, client)
    r = client.get(f"/api/v1/evaluations/rounds/{round.pk}/results", **factories.bearer(staff))
    texts = next(q["texts"] for q in r.json()["questions"] if q["kind"] == "text")
    in_order = [t for _e, t in given]
    assert sorted(texts) == sorted(in_order)
    assert texts not in (in_order, in_order[::-1])


def test_the_command_does_not_print_an_anonymous_response_key(staff, tree):
    round = make_round(staff, tree)
    user = person(tree.household1, "居民", tree.grid1).user
    scale, _text = round.questionnaire.questions.order_by("position")
    out = StringIO()
    call_command("evaluations", "respond", str(round.pk), "--as", user.username,
                 "--answers", json.dumps({str(scale.pk): 4}), stdout=out)
    response = Response.objects.get(round=round)
    assert "recorded" in out.getvalue() and str(response.pk) not in out.getvalue()


def test_a_named_questionnaire_keeps_who_and_when_and_lists_the_latest_first(client, staff,
                                                                            tree):
    round = make_round(staff, tree, anonymous=False)
    user = person(tree.household1, "实名居民", tree.grid1).user
    scale, text = round.questionnaire.questions.order_by("position")
    r = client.post(f"/api/v1/evaluations/rounds/{round.pk}/responses",
                    {"answers": {str(scale.pk): 5, str(text.pk): "实名意见"}},
                    content_type="application/json", **factories.bearer(user))
    response = Response.objects.get(round=round)
    assert r.json()["id"] == str(response.pk)
    assert response.evaluator == f"user:{user.pk}" and response.submitted_at is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_existing_responses_random_keys(tree):
    # given responses stored under sequential ids before the migration
    executor = MigrationExecutor(connection)
    executor.migrate([("evaluations", "0001_initial")])
    old = executor.loader.project_state([("evaluations", "0001_initial")]).apps
    area = old.get_model("territory", "Area").objects.get(pk=tree.community.pk)
    qn = old.get_model("evaluations", "Questionnaire").objects.create(
        title="旧调查", area=area, path=area.path)
    question = old.get_model("evaluations", "Question").objects.create(
        questionnaire=qn, position=1, kind="text", text="意见")
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    round = old.get_model("evaluations", "Round").objects.create(
        title="旧调查", kind="survey", questionnaire=qn, area=area, path=area.path,
        opens_at=now, closes_at=now + dt.timedelta(days=7), period_start=PERIOD[0],
        period_end=PERIOD[1])
    for k in range(N):
        resp = old.get_model("evaluations", "Response").objects.create(
            round=round, direction="survey", path=area.path)
        old.get_model("evaluations", "Answer").objects.create(
            response=resp, question=question, text=f"意见{k}")
    # when the migration runs
    executor = MigrationExecutor(connection)
    executor.migrate([("evaluations", "0002_unlinkable_responses")])
    # then every response and answer is there under a random key, answers with their response
    answers = list(Answer.objects.filter(response__round_id=round.pk).select_related("response"))
    assert sorted(a.text for a in answers) == [f"意见{k}" for k in range(N)]
    assert all(isinstance(a.pk, uuid.UUID) and isinstance(a.response.pk, uuid.UUID)
               for a in answers)
    assert Response.objects.filter(round_id=round.pk).count() == N
