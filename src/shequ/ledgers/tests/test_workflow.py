"""The workflow: the transitions table (allowed and refused), who may take each step, and
the guard that tells the second of two actors that the case changed."""

import itertools

import pytest

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import services, workflow
from shequ.ledgers.models import Case, CaseEvent, CaseState
from shequ.testing import factories

pytestmark = pytest.mark.django_db

# Written out independently of workflow.TRANSITIONS: (step, from) → to. Everything else
# must be refused.
EXPECTED = {
    ("assign", "received"): "assigned",
    ("assign", "assigned"): "assigned",
    ("start", "assigned"): "in_progress",
    ("resolve", "in_progress"): "resolved",
    ("close", "resolved"): "closed",
    ("rate", "resolved"): "closed",
    ("reopen", "resolved"): "in_progress",
    ("escalate", "received"): "escalated",
    ("escalate", "assigned"): "escalated",
    ("escalate", "in_progress"): "escalated",
    ("escalate", "escalated"): "escalated",
    ("return", "escalated"): "assigned",
    ("reject", "received"): "rejected",
    ("reject", "assigned"): "rejected",
}
STEPS = ["assign", "start", "resolve", "close", "rate", "reopen", "escalate", "return", "reject"]
STATES = list(CaseState.values)


def bring_to(state, case, admin, worker):
    """Walk a fresh case to ``state`` through the services."""
    if state == "received":
        return case
    if state == "rejected":
        return services.case_reject(actor=admin, case=case, reason="不属于本社区")
    services.case_assign(actor=admin, case=case, assignee=worker)
    if state == "assigned":
        return case
    if state == "escalated":
        return services.case_escalate(actor=admin, case=case, level="street", note="需街道协调")
    services.case_start(actor=worker, case=case)
    if state == "in_progress":
        return case
    services.case_resolve(actor=worker, case=case, note="已清运")
    if state == "resolved":
        return case
    return services.case_rate(actor=admin, case=case, rating="satisfied")


def take(step, case, admin, worker):
    calls = {
        "assign": lambda: services.case_assign(actor=admin, case=case, assignee=worker),
        "start": lambda: services.case_start(actor=admin, case=case),
        "resolve": lambda: services.case_resolve(actor=admin, case=case, note="处理完毕"),
        "close": lambda: services.case_close(actor=admin, case=case, note="回访未接通"),
        "rate": lambda: services.case_rate(actor=admin, case=case, rating="basic"),
        "reopen": lambda: services.case_rate(actor=admin, case=case, rating="unsatisfied"),
        "escalate": lambda: services.case_escalate(actor=admin, case=case,
                                                   level="district", note="需区级协调"),
        "return": lambda: services.case_return(actor=admin, case=case, note="按意见办理"),
        "reject": lambda: services.case_reject(actor=admin, case=case, reason="重复"),
    }
    return calls[step]()


def test_the_table_in_the_code_is_the_table_of_the_design():
    # given every step from every state
    for step, state in itertools.product(STEPS, STATES):
        # then the code allows exactly the pairs written above
        assert workflow.allowed(step, state) == ((step, state) in EXPECTED), (step, state)


@pytest.mark.parametrize(("step", "state"), list(itertools.product(STEPS, STATES)))
def test_each_step_from_each_state_through_the_services(step, state, make_case,
                                                        district_admin, grid_worker):
    # given a case in ``state``
    case = bring_to(state, make_case(), district_admin, grid_worker)
    events_before = CaseEvent.objects.filter(case=case).count()
    expected = EXPECTED.get((step, state))
    if expected is None:
        # when / then the step is refused with a clear code and nothing is written
        with pytest.raises(workflow.InvalidTransition) as exc:
            take(step, case, district_admin, grid_worker)
        assert exc.value.code == "invalid_transition"
        assert Case.objects.get(pk=case.pk).state == state
        assert CaseEvent.objects.filter(case=case).count() == events_before
    else:
        # when
        take(step, case, district_admin, grid_worker)
        # then the state moved and exactly one event records it
        stored = Case.objects.get(pk=case.pk)
        assert stored.state == expected
        last = CaseEvent.objects.filter(case=case).order_by("-id").first()
        assert (last.from_state, last.to_state, last.actor) == (state, expected, district_admin)
        assert CaseEvent.objects.filter(case=case).count() == events_before + 1


def test_assign_requires_a_grid_worker_of_that_grid(make_case, staff, other_grid_worker):
    # given a case in grid 1
    case = make_case()
    # when staff assign it to the grid worker of grid 2
    with pytest.raises(DomainError) as exc:
        services.case_assign(actor=staff, case=case, assignee=other_grid_worker)
    # then it is refused and the case stays received
    assert exc.value.code == "not_grid_worker"
    assert Case.objects.get(pk=case.pk).state == "received"


def test_assign_outside_the_assigners_scope_is_refused(make_case, place, grid_worker,
                                                       other_grid_worker):
    # given a case in grid 1 and a grid worker of grid 2 (who cannot see it)
    case = make_case()
    # when / then
    with pytest.raises(NotFound):
        services.case_assign(actor=other_grid_worker, case=case, assignee=grid_worker)


def test_a_grid_worker_may_take_a_case_of_their_grid_but_not_hand_it_out(make_case, place,
                                                                         grid_worker):
    case = make_case()
    colleague = factories.user("grid_worker", place.grid1)
    with pytest.raises(Forbidden):
        services.case_assign(actor=grid_worker, case=case, assignee=colleague)
    services.case_assign(actor=grid_worker, case=case, assignee=grid_worker)
    assert Case.objects.get(pk=case.pk).assigned_to == grid_worker


def test_routing_to_another_grid_moves_the_scope(make_case, place, staff, other_grid_worker):
    # given a case filed in grid 1
    case = make_case()
    # when staff route it to grid 2 and its grid worker
    services.case_assign(actor=staff, case=case, assignee=other_grid_worker, grid=place.grid2)
    # then it is in grid 2's scope
    stored = Case.objects.get(pk=case.pk)
    assert (stored.grid, stored.path) == (place.grid2, place.grid2.path)


def test_only_the_assignee_or_staff_start_and_resolve(make_case, place, staff, grid_worker):
    case = make_case()
    services.case_assign(actor=staff, case=case, assignee=grid_worker)
    colleague = factories.user("grid_worker", place.grid1)
    with pytest.raises(Forbidden):
        services.case_start(actor=colleague, case=case)
    services.case_start(actor=grid_worker, case=case)
    assert case.state == "in_progress"


def test_a_supervisor_reads_but_does_not_handle(make_case, supervisor, staff, grid_worker):
    case = make_case()
    with pytest.raises(Forbidden):
        services.case_assign(actor=supervisor, case=case, assignee=grid_worker)
    with pytest.raises(Forbidden):
        services.case_escalate(actor=supervisor, case=case, level="street", note="x")


def test_only_the_level_escalated_to_sends_the_case_back(make_case, staff, street_admin,
                                                          district_admin, grid_worker):
    # given a case escalated to the district
    case = make_case()
    services.case_assign(actor=staff, case=case, assignee=grid_worker)
    services.case_escalate(actor=staff, case=case, level="district", note="涉及多部门")
    # when the community or the street try to return it, they are refused
    for actor in (staff, street_admin):
        with pytest.raises(Forbidden):
            services.case_return(actor=actor, case=case, note="退回")
    # then the district returns it, with instructions, to the grid worker who had it
    services.case_return(actor=district_admin, case=case, note="请联系住建部门")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.escalation_level, stored.assigned_to) == (
        "assigned", "", grid_worker)
    assert stored.events.last().note == "请联系住建部门"


def test_escalation_only_goes_up(make_case, staff):
    case = make_case()
    services.case_escalate(actor=staff, case=case, level="district", note="重大")
    with pytest.raises(workflow.InvalidTransition):
        services.case_escalate(actor=staff, case=case, level="street", note="再议")


@pytest.mark.parametrize("call", [
    lambda c, a: services.case_reject(actor=a, case=c, reason="  "),
    lambda c, a: services.case_escalate(actor=a, case=c, level="street", note=""),
])
def test_reject_and_escalate_need_a_reason(call, make_case, staff):
    case = make_case()
    with pytest.raises(DomainError) as exc:
        call(case, staff)
    assert exc.value.code == "required"


def test_unsatisfied_reopens_once_then_closes(make_case, staff, grid_worker):
    # given a resolved case
    case = make_case()
    services.case_assign(actor=staff, case=case, assignee=grid_worker)
    services.case_start(actor=grid_worker, case=case)
    services.case_resolve(actor=grid_worker, case=case, note="已处理")
    first_due = case.due_at
    # when the reporter is unsatisfied
    services.case_rate(actor=staff, case=case, rating="unsatisfied", note="仍有垃圾")
    # then it is back in progress with a fresh deadline
    assert (case.state, case.reopened_count) == ("in_progress", 1)
    assert case.due_at >= first_due
    # when resolved again and unsatisfied again
    services.case_resolve(actor=grid_worker, case=case, note="再次清理")
    services.case_rate(actor=staff, case=case, rating="unsatisfied")
    # then it closes, rated unsatisfied, reopened only once
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.rating, stored.reopened_count) == ("closed", "unsatisfied", 1)


def test_a_stale_view_of_the_case_is_told_it_changed(make_case, staff, grid_worker):
    # given two copies of one case, as two people loaded it
    case = make_case()
    mine = Case.objects.get(pk=case.pk)
    theirs = Case.objects.get(pk=case.pk)
    services.case_assign(actor=staff, case=theirs, assignee=grid_worker)
    # when I act on my older copy (same state step: reassign)
    with pytest.raises(Conflict) as exc:
        services.case_assign(actor=staff, case=mine, assignee=grid_worker, note="mine")
    # then I am told, and my step left no trace
    assert exc.value.status == 409
    assert not CaseEvent.objects.filter(case=case, note="mine").exists()


def test_every_step_is_audited(make_case, staff, grid_worker):
    case = make_case()
    services.case_assign(actor=staff, case=case, assignee=grid_worker)
    assert AuditEvent.objects.filter(entity="case", entity_id=str(case.pk),
                                     action="case_assign", actor=staff).exists()


def test_events_cannot_be_changed_or_deleted(make_case):
    from django.db import DatabaseError, transaction

    event = make_case().events.first()
    event.note = "forged"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(note="forged")
    with pytest.raises(RuntimeError):
        Case.objects.get(pk=event.case_id).delete()


def test_the_assigned_grid_worker_is_told_at_once(make_case, staff, grid_worker):
    from shequ.notices.models import Notification

    # given a case in grid 1; when staff assign it to the grid's worker
    case = make_case()
    services.case_assign(actor=staff, case=case, assignee=grid_worker)
    # then the worker finds it in their notification centre, due at once (it needs action)
    note = Notification.objects.get(user=grid_worker, kind="case_assigned")
    assert (note.urgency, note.cadence) == ("action", "immediate")
    assert note.link == f"/cases/{case.pk}/" and case.title in note.title
