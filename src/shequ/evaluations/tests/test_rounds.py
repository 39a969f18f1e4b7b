"""Questionnaires, rounds and responses: what a user notices — the pairs a two-way round
takes, one response each (held by the database), refusals after closing, anonymity, and
results aggregated per question and per unit."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.evaluations import selectors, services
from shequ.evaluations.models import AssessmentKind, Ballot, Response
from shequ.testing import factories

from .conftest import PERIOD, answers_for, pair_of, window

pytestmark = pytest.mark.django_db


def test_a_questionnaire_needs_questions_and_choice_options(staff, tree):
    with pytest.raises(DomainError) as e:
        services.questionnaire_create(actor=staff, area=tree.community, title="空", questions=[])
    assert e.value.code == "no_questions"
    with pytest.raises(DomainError) as e:
        services.questionnaire_create(actor=staff, area=tree.community, title="少", questions=[
            {"kind": "single", "text": "一个选项", "options": ["是"]}])
    assert e.value.field == "questions.0"


def test_staff_outside_the_area_may_not_write_a_questionnaire(tree):
    other = factories.Tree(prefix="8")
    outsider = factories.user("community_staff", other.community)
    with pytest.raises(NotFound):
        services.questionnaire_create(actor=outsider, area=tree.community, title="越权",
                                      questions=[{"kind": "scale", "text": "满意度"}])


def test_a_two_way_round_takes_the_units_of_the_da_dang_wei(two_way, orgs):
    assert {p.unit_id for p in two_way.pairs.all()} == {orgs["hospital"].pk, orgs["bank"].pk}


def test_a_two_way_round_without_units_is_refused(staff, tree, unit_questionnaire,
                                                  leadership_questionnaire):
    opens, closes = window()
    with pytest.raises(DomainError) as e:
        services.round_create(actor=staff, kind="two_way", area=tree.community, title="无单位",
                              questionnaire=unit_questionnaire,
                              leadership_questionnaire=leadership_questionnaire,
                              opens_at=opens, closes_at=closes, period_start=PERIOD[0],
                              period_end=PERIOD[1])
    assert e.value.code == "no_units_to_evaluate"


def test_a_round_must_close_after_it_opens(staff, tree, unit_questionnaire):
    now = timezone.now()
    with pytest.raises(DomainError) as e:
        services.round_create(actor=staff, kind="survey", area=tree.community, title="倒置",
                              questionnaire=unit_questionnaire, opens_at=now, closes_at=now,
                              period_start=PERIOD[0], period_end=PERIOD[1])
    assert e.value.field == "closes_at"


def test_the_community_rates_each_unit_once(staff, two_way, orgs):
    pair = pair_of(two_way, orgs["hospital"])
    answers = answers_for(two_way, "units")
    services.response_submit(actor=staff, round=two_way, pair=pair, direction="units",
                             answers=answers)
    other_staff = factories.user("community_staff", pair.community)
    with pytest.raises(Conflict) as e:   # another of the community's staff: same evaluator
        services.response_submit(actor=other_staff, round=two_way, pair=pair,
                                 direction="units", answers=answers)
    assert e.value.code == "already_responded"
    assert Response.objects.filter(round=two_way).count() == 1


def test_the_database_refuses_a_second_ballot(two_way):
    Ballot.objects.create(round=two_way, evaluator="user:1", at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=two_way, evaluator="user:1", at=timezone.now())


def test_a_response_after_closing_is_refused_and_writes_nothing(staff, two_way, orgs):
    pair = pair_of(two_way, orgs["hospital"])
    later = two_way.closes_at + dt.timedelta(minutes=1)
    with pytest.raises(Conflict) as e:
        services.response_submit(actor=staff, round=two_way, pair=pair, direction="units",
                                 answers=answers_for(two_way, "units"), now=later)
    assert e.value.code == "round_closed"
    assert not Ballot.objects.exists()


def test_a_closed_round_refuses_at_once(staff, two_way, orgs):
    services.round_close(actor=staff, round=two_way)
    with pytest.raises(Conflict) as e:
        services.response_submit(actor=staff, round=two_way, pair=pair_of(two_way, orgs["bank"]),
                                 direction="units", answers=answers_for(two_way, "units"))
    assert e.value.code == "round_closed"


def test_a_bad_answer_names_its_question_and_writes_nothing(staff, two_way, orgs):
    answers = answers_for(two_way, "units")
    scale = next(q for q in services.questions_for(two_way, "units") if q.kind == "scale")
    answers[scale.pk] = 6
    with pytest.raises(DomainError) as e:
        services.response_submit(actor=staff, round=two_way, direction="units",
                                 pair=pair_of(two_way, orgs["hospital"]), answers=answers)
    assert (e.value.code, e.value.field) == ("bad_answer", f"q{scale.pk}")
    assert not Ballot.objects.exists()


def test_a_liaison_rates_their_community_anonymously(liaison, two_way, orgs):
    pair = pair_of(two_way, orgs["hospital"])
    r = services.response_submit(actor=liaison, round=two_way, pair=pair,
                                 direction="leadership",
                                 answers=answers_for(two_way, "leadership"))
    assert (r.evaluator, r.submitted_at) == ("", None)
    assert Ballot.objects.filter(evaluator=f"unit:{orgs['hospital'].pk}").exists()


def test_a_liaison_may_not_rate_for_a_unit_not_theirs(tree, two_way, orgs):
    stranger = factories.user("unit_liaison", tree.community)
    with pytest.raises(NotFound):
        services.response_submit(actor=stranger, round=two_way,
                                 pair=pair_of(two_way, orgs["hospital"]),
                                 direction="leadership",
                                 answers=answers_for(two_way, "leadership"))


def test_a_resident_answers_a_survey_of_where_they_live_once(resident, survey):
    services.response_submit(actor=resident, round=survey, answers=answers_for(survey, ""))
    with pytest.raises(Conflict):
        services.response_submit(actor=resident, round=survey, answers=answers_for(survey, ""))
    rates = selectors.response_rates(survey)
    assert (rates["answered"], rates["asked"]) == (1, 1)


def test_a_resident_elsewhere_is_not_asked(survey):
    other = factories.Tree(prefix="7")
    from .conftest import person
    outsider = person(other.household1, "外人", other.grid1).user
    with pytest.raises(NotFound):
        services.response_submit(actor=outsider, round=survey, answers=answers_for(survey, ""))


def test_results_per_question_and_per_unit(staff, liaison, two_way, orgs):
    for unit, scale in ((orgs["hospital"], 5), (orgs["bank"], 3)):
        services.response_submit(actor=staff, round=two_way, pair=pair_of(two_way, unit),
                                 direction="units",
                                 answers=answers_for(two_way, "units", scale))
    services.response_submit(actor=liaison, round=two_way, direction="leadership",
                             pair=pair_of(two_way, orgs["bank"]),
                             answers=answers_for(two_way, "leadership", 2))
    results = selectors.question_results(two_way, "units")
    assert results[0]["mean"] == 4.0 and results[0]["total"] == 2
    assert [n for _l, n, _s in results[2]["bars"]] == [2, 0, 0]
    assert [n for _l, n, _s in results[3]["bars"]] == [2, 0, 2]
    assert results[4]["texts"] == ["很好", "很好"]
    rates = selectors.response_rates(two_way)
    assert (rates["asked"], rates["rated"], rates["answered"]) == (2, 2, 1)
    # stored as assessments
    assert services.results_compute(actor=staff, round=two_way) == 4
    scores = {(a.kind, a.unit_id, a.cadre): a.score
              for a in selectors.assessment_list(actor=staff, round=two_way)}
    assert scores[(AssessmentKind.UNIT, orgs["hospital"].pk, "")] == 100
    assert scores[(AssessmentKind.UNIT, orgs["bank"].pk, "")] == 60
    assert scores[(AssessmentKind.LEADERSHIP, None, "")] == 40
    assert scores[(AssessmentKind.CADRE, None, "王书记")] == 40


def test_pair_list_shows_who_has_answered(staff, liaison, two_way, orgs):
    services.response_submit(actor=liaison, round=two_way, direction="leadership",
                             pair=pair_of(two_way, orgs["bank"]),
                             answers=answers_for(two_way, "leadership"))
    rows = {p.unit_id: (p.rated, p.answered) for p in selectors.pair_list(actor=staff,
                                                                           round=two_way)}
    assert rows == {orgs["hospital"].pk: (False, False), orgs["bank"].pk: (False, True)}
    todo = {i["pair"].unit_id: i["done"] for i in selectors.my_rounds(liaison)}
    assert todo == {orgs["hospital"].pk: False, orgs["bank"].pk: True}
