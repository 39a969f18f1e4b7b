"""Daily comments and the stored monthly evaluation of grid workers."""

import datetime as dt

import pytest

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import selectors, services
from shequ.ledgers.models import Case, Evaluation
from shequ.ledgers.services.supervision import score
from shequ.ledgers.workdays import TZ

pytestmark = pytest.mark.django_db
OCT = dt.date(2026, 10, 1)


def in_oct(day, h=10):
    return dt.datetime(2026, 10, day, h, tzinfo=TZ)


def test_supervisors_comment_others_cannot(make_case, supervisor, staff, grid_worker):
    case = make_case(staff)
    comment = services.comment_add(actor=supervisor, case=case, text="回访记录不完整")
    assert comment.community.kind == "community"
    assert list(selectors.comment_list(actor=staff, case=case)) == [comment]
    with pytest.raises(Forbidden):
        services.comment_add(actor=staff, case=case, text="x")
    with pytest.raises(NotFound):
        services.comment_add(actor=grid_worker, case=case, text="x")
    with pytest.raises(DomainError):
        services.comment_add(actor=supervisor, case=case, text=" ")


@pytest.fixture
def october(make_case, staff, grid_worker):
    """Four cases resolved in October (one late, one reopened), three rated (two good),
    and ten visits recorded by the grid worker."""
    cases = [make_case(staff, received_at=in_oct(d)) for d in (9, 12, 13, 14)]
    for c in cases:
        services.case_assign(actor=staff, case=c, assignee=grid_worker)
        services.case_start(actor=grid_worker, case=c)
        services.case_resolve(actor=grid_worker, case=c, note="ok")
    resolved_at = [in_oct(10), in_oct(13), in_oct(15), in_oct(28)]  # the last one is late
    for c, at in zip(cases, resolved_at, strict=True):
        Case.objects.filter(pk=c.pk).update(resolved_at=at)
    Case.objects.filter(pk=cases[0].pk).update(reopened_count=1)
    for c, rating in zip(cases[:3], ["satisfied", "basic", "unsatisfied"], strict=True):
        Case.objects.filter(pk=c.pk).update(rating=rating, rated_at=in_oct(20))
    for d in range(1, 11):
        make_case(grid_worker, received_at=in_oct(d), source="visit", evaluate_warnings=False)
    return cases


def test_monthly_evaluation_follows_the_published_criteria(october, place, supervisor,
                                                           grid_worker):
    # when
    (ev,) = services.evaluation_compute(actor=supervisor, community=place.community,
                                        month=OCT)
    # then the figures and the score are stored
    assert (ev.worker, ev.cases_handled, ev.visit_count) == (grid_worker, 4, 10)
    assert (ev.on_time_rate, ev.reopen_rate) == (0.75, 0.25)
    assert ev.satisfaction_rate == pytest.approx(2 / 3)
    # 40·0.75 + 30·0.667 + 15·0.75 + 15·0.5 = 68.75 → 68.8
    assert ev.computed_score == 68.8
    assert ev.criteria["weights"] == {"on_time": 40, "satisfaction": 30, "no_reopen": 15,
                                      "visits": 15}


def test_scores_are_not_recomputed_silently(october, place, supervisor, district_admin):
    (ev,) = services.evaluation_compute(actor=supervisor, community=place.community, month=OCT)
    # given later changes to the month's cases
    Case.objects.filter(pk=october[3].pk).update(resolved_at=in_oct(14))
    # when computed again, the stored evaluation is returned unchanged
    (again,) = services.evaluation_compute(actor=supervisor, community=place.community,
                                           month=OCT)
    assert (again.pk, again.computed_score) == (ev.pk, 68.8)
    # unless a recompute is asked for, which is audited with before and after
    services.evaluation_adjust(actor=supervisor, evaluation=ev, adjustment=2, note="主动走访")
    (re,) = services.evaluation_compute(actor=district_admin, community=place.community,
                                        month=OCT, recompute=True)
    assert re.on_time_rate == 1.0 and re.adjustment == 2
    assert AuditEvent.objects.filter(action="evaluation_recompute", entity_id=str(ev.pk)).exists()
    assert Evaluation.objects.count() == 1


def test_adjustment_is_bounded_and_needs_a_reason(october, place, supervisor, staff):
    (ev,) = services.evaluation_compute(actor=supervisor, community=place.community, month=OCT)
    with pytest.raises(DomainError):
        services.evaluation_adjust(actor=supervisor, evaluation=ev, adjustment=11, note="x")
    with pytest.raises(DomainError):
        services.evaluation_adjust(actor=supervisor, evaluation=ev, adjustment=3, note="")
    with pytest.raises(Forbidden):
        services.evaluation_adjust(actor=staff, evaluation=ev, adjustment=3, note="x")
    services.evaluation_adjust(actor=supervisor, evaluation=ev, adjustment=-3.5, note="台账不全")
    ev.refresh_from_db()
    assert ev.final_score == 65.3


def test_a_rate_with_nothing_to_measure_is_left_out():
    m = {"on_time_rate": None, "satisfaction_rate": None, "reopen_rate": None,
         "visit_count": 20}
    assert score(m) == 100.0
