"""Visits without a case count in the grid worker's month; the home-service round lists
the tagged residents without a recent visit; 民情说吧 opinions grouped by theme, answered,
filed as a ledger case (link kept) or referred to deliberation."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.ledgers.models import Case
from shequ.ledgers.selectors import category_get
from shequ.ledgers.services.supervision import measure
from shequ.services import selectors, services
from shequ.services.models import Outcome, Theme

pytestmark = pytest.mark.django_db


def test_a_visit_without_a_case_counts_in_the_month(tree, grid_worker, granny):
    before = measure(grid_worker, tree.community, timezone.localdate())["visit_count"]
    services.visit_log(actor=grid_worker, household=tree.household1, resident=granny,
                       note="身体尚好")
    after = measure(grid_worker, tree.community, timezone.localdate())["visit_count"]
    assert after == before + 1


def test_the_score_counts_a_services_visit_through_the_manifest(tree, grid_worker, granny):
    """The counter is declared in the services manifest (no registration call), and the
    monthly score goes up with a visit that filed no case."""
    from shequ.core import manifest
    from shequ.ledgers.services.supervision import score

    assert services.visits_counted in manifest.get("services").visit_counters
    today = timezone.localdate()
    before = measure(grid_worker, tree.community, today)
    services.visit_log(actor=grid_worker, household=tree.household1, resident=granny,
                       note="独居，已留联系方式")
    after = measure(grid_worker, tree.community, today)
    assert after["visit_count"] == before["visit_count"] + 1
    assert score(after) > score(before)


def test_a_visit_is_logged_in_ones_own_grid_and_household(tree, grid_worker, granny,
                                                          neighbour):
    with pytest.raises(NotFound):
        services.visit_log(actor=grid_worker, household=tree.household2)
    with pytest.raises(DomainError) as exc:
        services.visit_log(actor=grid_worker, household=tree.household1, resident=neighbour)
    assert exc.value.field == "resident"
    with pytest.raises(DomainError):
        services.visit_log(actor=grid_worker, household=tree.household1,
                           at=timezone.now() + dt.timedelta(days=1))


def test_the_home_round_lists_the_tagged_without_a_recent_visit(tree, grid_worker, granny,
                                                                neighbour):
    assert list(selectors.home_service_due(actor=grid_worker)) == [granny]
    services.visit_log(actor=grid_worker, household=tree.household1)
    assert list(selectors.home_service_due(actor=grid_worker)) == []


@pytest.fixture
def session(staff, tree):
    return services.session_create(actor=staff, community=tree.community, title="三月民情说吧",
                                   held_on=timezone.localdate(), place="社区活动室")


def test_opinions_by_theme_answer_case_and_deliberation(staff, session, granny):
    a = services.opinion_record(actor=staff, session=session, theme=Theme.ENVIRONMENT,
                                text="7栋后面垃圾清运不及时", resident=granny)
    b = services.opinion_record(actor=staff, session=session, theme=Theme.ENVIRONMENT,
                                text="小区绿化带有积水", speaker="刘大爷")
    c = services.opinion_record(actor=staff, session=session, theme=Theme.TRAFFIC,
                                text="希望增设非机动车棚")
    services.opinion_answer(actor=staff, opinion=b, answer="已通知物业排水")
    a = services.opinion_file_case(actor=staff, opinion=a, category=category_get("sanitation"))
    c = services.opinion_refer(actor=staff, opinion=c, deliberation_ref=12)
    case = Case.objects.get(pk=a.case_id)
    assert a.outcome == Outcome.CASE and case.source == "walk_in"
    assert case.source_ref == f"services-opinion:{a.pk}" and case.subject == granny
    assert c.outcome == Outcome.DELIBERATION and c.deliberation_ref == 12
    themes = {t["theme"]: t for t in selectors.opinions_by_theme(actor=staff, session=session)}
    assert themes["environment"]["total"] == 2 and themes["environment"]["case"] == 1
    assert themes["environment"]["answered"] == 1 and themes["traffic"]["deliberation"] == 1
    # a decided opinion cannot become something else; answering keeps its outcome
    with pytest.raises(Conflict):
        services.opinion_refer(actor=staff, opinion=a)
    a = services.opinion_answer(actor=staff, opinion=a, answer="已立案")
    assert a.outcome == Outcome.CASE


def test_an_opinion_on_a_visit_is_a_visit_case_at_that_household(tree, grid_worker, granny):
    visit = services.visit_log(actor=grid_worker, household=tree.household1, resident=granny)
    o = services.opinion_record(actor=grid_worker, visit=visit, theme=Theme.ELDERLY,
                                text="希望有助餐服务", resident=granny)
    o = services.opinion_file_case(actor=grid_worker, opinion=o,
                                   category=category_get("elderly_care"))
    assert o.case.source == "visit" and o.case.household_id == tree.household1.pk


def test_opinion_bad_input(staff, session, neighbour, grid_worker):
    with pytest.raises(DomainError) as exc:
        services.opinion_record(actor=staff, theme=Theme.OTHER, text="x")
    assert exc.value.field == "session"
    with pytest.raises(DomainError) as exc:
        services.opinion_record(actor=staff, session=session, theme="nope", text="x")
    assert exc.value.field == "theme"
    with pytest.raises(DomainError) as exc:
        services.opinion_record(actor=staff, session=session, theme=Theme.OTHER, text=" ")
    assert exc.value.field == "text"
    o = services.opinion_record(actor=staff, session=session, theme=Theme.OTHER, text="x")
    with pytest.raises(DomainError) as exc:
        services.opinion_refer(actor=staff, opinion=o, deliberation_ref=-3)
    assert exc.value.field == "deliberation_ref"
