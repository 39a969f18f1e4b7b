"""Cases under the 监委会 (the supervision app): comments and flags on a case, and the
stored monthly score of grid workers."""

import datetime as dt

import pytest

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import services
from shequ.ledgers.models import Case
from shequ.ledgers.services.supervision import score
from shequ.ledgers.workdays import TZ
from shequ.supervision import selectors as supervision
from shequ.supervision import services as supervise
from shequ.supervision.models import Score

pytestmark = pytest.mark.django_db
OCT = dt.date(2026, 10, 1)


def in_oct(day, h=10):
    return dt.datetime(2026, 10, day, h, tzinfo=TZ)


def test_supervisors_comment_others_cannot(make_case, supervisor, staff, grid_worker):
    case = make_case(staff)
    comment = supervise.comment_add(actor=supervisor, subject=case, text="回访记录不完整")
    assert comment.community.kind == "community"
    assert (comment.kind, comment.object_id) == ("case", case.pk)
    assert list(supervision.comment_list(actor=staff, subject=case)) == [comment]
    with pytest.raises(Forbidden):
        supervise.comment_add(actor=staff, subject=case, text="x")
    with pytest.raises(NotFound):
        supervise.comment_add(actor=grid_worker, subject=case, text="x")
    with pytest.raises(DomainError):
        supervise.comment_add(actor=supervisor, subject=case, text=" ")


def test_a_flag_waits_for_the_communitys_answer_once(make_case, supervisor, staff):
    case = make_case(staff)
    flag = supervise.comment_add(actor=supervisor, subject=case, text="超期未回访", flag=True)
    assert flag.is_open_flag
    with pytest.raises(Forbidden):  # the 监委会 does not answer its own flag
        supervise.flag_answer(actor=supervisor, comment=flag, answer="x")
    supervise.flag_answer(actor=staff, comment=flag, answer="已回访")
    flag.refresh_from_db()
    assert not flag.is_open_flag and flag.answered_by == staff
    with pytest.raises(DomainError) as exc:
        supervise.flag_answer(actor=staff, comment=flag, answer="again")
    assert exc.value.code == "already_answered"
    plain = supervise.comment_add(actor=supervisor, subject=case, text="好")
    with pytest.raises(DomainError) as exc:
        supervise.flag_answer(actor=staff, comment=plain, answer="x")
    assert exc.value.code == "not_a_flag"
    assert AuditEvent.objects.filter(action="supervision_answer").count() == 1


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
    (ev,) = supervise.score_compute(actor=supervisor, kind="case", community=place.community,
                                    month=OCT)
    # then the figures and the score are stored
    m = ev.measures
    assert (ev.person, m["cases_handled"], m["visit_count"]) == (grid_worker, 4, 10)
    assert (m["on_time_rate"], m["reopen_rate"]) == (0.75, 0.25)
    assert m["satisfaction_rate"] == pytest.approx(2 / 3)
    # 40·0.75 + 30·0.667 + 15·0.75 + 15·0.5 = 68.75 → 68.8
    assert ev.computed_score == 68.8
    assert ev.criteria["weights"] == {"on_time": 40, "satisfaction": 30, "no_reopen": 15,
                                      "visits": 15}


def test_scores_are_not_recomputed_silently(october, place, supervisor, district_admin):
    (ev,) = supervise.score_compute(actor=supervisor, kind="case", community=place.community,
                                    month=OCT)
    # given later changes to the month's cases
    Case.objects.filter(pk=october[3].pk).update(resolved_at=in_oct(14))
    # when computed again, the stored evaluation is returned unchanged
    (again,) = supervise.score_compute(actor=supervisor, kind="case",
                                       community=place.community, month=OCT)
    assert (again.pk, again.computed_score) == (ev.pk, 68.8)
    # unless a recompute is asked for, which is audited with before and after
    supervise.score_adjust(actor=supervisor, score=ev, adjustment=2, note="主动走访")
    (re,) = supervise.score_compute(actor=district_admin, kind="case",
                                    community=place.community, month=OCT, recompute=True)
    assert re.measures["on_time_rate"] == 1.0 and re.adjustment == 2
    assert AuditEvent.objects.filter(action="score_recompute", entity_id=str(ev.pk)).exists()
    assert Score.objects.count() == 1


def test_adjustment_is_bounded_and_needs_a_reason(october, place, supervisor, staff):
    (ev,) = supervise.score_compute(actor=supervisor, kind="case", community=place.community,
                                    month=OCT)
    for bad in (11, "nan", "x"):
        with pytest.raises(DomainError):
            supervise.score_adjust(actor=supervisor, score=ev, adjustment=bad, note="x")
    with pytest.raises(DomainError):
        supervise.score_adjust(actor=supervisor, score=ev, adjustment=3, note="")
    with pytest.raises(Forbidden):
        supervise.score_adjust(actor=staff, score=ev, adjustment=3, note="x")
    supervise.score_adjust(actor=supervisor, score=ev, adjustment=-3.5, note="台账不全")
    ev.refresh_from_db()
    assert ev.final_score == 65.3


def test_a_rate_with_nothing_to_measure_is_left_out():
    m = {"on_time_rate": None, "satisfaction_rate": None, "reopen_rate": None,
         "visit_count": 20}
    assert score(m) == 100.0


def test_a_month_not_begun_and_an_unknown_subject_are_refused(place, supervisor):
    with pytest.raises(DomainError) as exc:
        supervise.score_compute(actor=supervisor, kind="case", community=place.community,
                                month=dt.date(2099, 1, 1))
    assert exc.value.code == "month_not_begun"
    with pytest.raises(DomainError) as exc:
        supervise.score_compute(actor=supervisor, kind="nothing", community=place.community,
                                month=OCT)
    assert exc.value.code == "unknown_subject"


def test_visits_another_module_declares_in_its_manifest_count(monkeypatch, tree, grid_worker):
    """A module's ``visit_counters`` (its manifest) are added to the visits that filed a
    case, asked for the worker, the community and the month."""
    from shequ.core import manifest
    from shequ.ledgers.services.supervision import measure

    asked = []

    def three(worker, community_path, start, end):
        asked.append((worker, community_path, start.date(), end.date()))
        return 3

    before = measure(grid_worker, tree.community, OCT)["visit_count"]
    monkeypatch.setitem(manifest._manifests, "visits_test",
                        manifest.AppManifest(label="visits_test", visit_counters=(three,)))
    assert measure(grid_worker, tree.community, OCT)["visit_count"] == before + 3
    assert asked == [(grid_worker, tree.community.path, OCT, dt.date(2026, 11, 1))]
