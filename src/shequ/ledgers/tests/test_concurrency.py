"""Two people act on one case at the same moment: exactly one wins, the other is told the
case changed, and no event is lost or doubled. Runs on SQLite and on PostgreSQL (CI runs
the suite on both); the threads use their own database connections."""

import threading

import pytest
from django.db import connection

from shequ.core.errors import Conflict
from shequ.ledgers import services
from shequ.ledgers.models import Case, CaseEvent

# Transactional tests flush the database; serialized_rollback restores what the data
# migrations seeded (categories, holidays, tags) for the tests that run afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*calls):
    """Run the calls in threads released together; return each one's result or error."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.parametrize("rounds", range(3))
def test_two_simultaneous_transitions_one_wins_one_is_told(rounds, transactional_db, make_case,
                                                           staff, grid_worker):
    # given an assigned case that two people have open
    case = make_case()
    services.case_assign(actor=staff, case=case, assignee=grid_worker)
    copy_a = Case.objects.get(pk=case.pk)
    copy_b = Case.objects.get(pk=case.pk)
    # when the grid worker starts it while staff escalate it, at the same moment
    results = race(
        lambda: services.case_start(actor=grid_worker, case=copy_a, note="A"),
        lambda: services.case_escalate(actor=staff, case=copy_b, level="street", note="B"),
    )
    # then exactly one succeeded and the other got Conflict
    wins = [r for r in results if isinstance(r, Case)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert (len(wins), len(conflicts)) == (1, 1), results
    # and the events are exactly: received, assigned, the winner's step
    stored = Case.objects.get(pk=case.pk)
    kinds = list(CaseEvent.objects.filter(case=case).order_by("id").values_list("kind", flat=True))
    assert kinds[:2] == ["create", "assign"]
    assert len(kinds) == 3
    assert stored.state == {"start": "in_progress", "escalate": "escalated"}[kinds[2]]
    assert stored.version == 3


def test_two_simultaneous_assignments_do_not_both_land(transactional_db, make_case, staff,
                                                       grid_worker):
    case = make_case()
    a, b = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    results = race(
        lambda: services.case_assign(actor=staff, case=a, assignee=grid_worker, note="A"),
        lambda: services.case_assign(actor=grid_worker, case=b, assignee=grid_worker, note="B"),
    )
    assert sorted(type(r).__name__ for r in results) == ["Case", "Conflict"], results
    assert CaseEvent.objects.filter(case=case, kind="assign").count() == 1


def test_two_supervisors_computing_the_month_at_once_store_one_score(place, supervisor,
                                                                     grid_worker):
    """The supervision app serialises a community's computation: both get the same scores,
    nothing breaks the unique constraint."""
    import datetime as dt

    from shequ.supervision import services as supervise
    from shequ.supervision.models import Score
    from shequ.volunteers.tests.racing import race

    month = dt.date(2026, 10, 1)
    results = race(*[lambda: supervise.score_compute(actor=supervisor, kind="case",
                                                     community=place.community, month=month)
                     for _ in range(2)])
    assert all(isinstance(r, list) for r in results), results
    assert Score.objects.filter(kind="case", month=month).count() == 1
