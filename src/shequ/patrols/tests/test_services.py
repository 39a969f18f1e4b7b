"""The patrol services: what users notice, refusals as much as successes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.ledgers.models import Case
from shequ.patrols import services
from shequ.patrols.errors import PatrolErrorCode
from shequ.patrols.models import CheckIn, MemberKind, PlanState, ShiftState
from shequ.volunteers.models import PointsEntry, RecordState, ServiceRecord

from .conftest import shift_of, this_month

pytestmark = pytest.mark.django_db


def during(shift, minutes=5):
    return shift.starts_at + dt.timedelta(minutes=minutes)


def test_a_plan_covers_every_evening_of_the_month(plan):
    # given a grid needing one person 19:00–23:00 every day and two members free every day
    # then every day has its shift, and the plan is published
    days = (this_month().replace(day=28) + dt.timedelta(days=4)).replace(day=1) - this_month()
    assert plan.state == PlanState.PUBLISHED
    assert plan.slots == plan.covered == days.days
    assert plan.shifts.values("date").distinct().count() == days.days
    first = plan.shifts.order_by("starts_at").first()
    assert timezone.localtime(first.starts_at).time() == dt.time(19)


def test_check_in_at_a_checkpoint_of_the_shift(plan, member, route):
    # given alice's shift
    shift = shift_of(plan, member)
    point = route.checkpoints.first()
    # when she scans the first checkpoint during it
    row = services.checkpoint_check_in(actor=member.user, token=point.token, now=during(shift))
    # then the scan is recorded on her shift, which is now on patrol
    assert row.shift == shift and row.building_id == point.building_id
    shift.refresh_from_db()
    assert shift.state == ShiftState.ON_PATROL


def test_check_in_refusals(plan, member, guard, route, tree, staff, building):
    shift = shift_of(plan, member)
    point = route.checkpoints.first()
    # a checkpoint that does not exist
    with pytest.raises(NotFound):
        services.checkpoint_check_in(actor=member.user, token="nope", now=during(shift))
    # someone who is not in a pool
    with pytest.raises(Forbidden) as e:
        services.checkpoint_check_in(actor=staff, token=point.token, now=during(shift))
    assert e.value.code == PatrolErrorCode.NOT_IN_POOL
    # a checkpoint on a route none of their shifts that day walks
    other = services.route_create(actor=staff, grid=tree.grid1, name="白天线")
    elsewhere = services.checkpoint_add(actor=staff, route=other, building=building)
    with pytest.raises(Forbidden) as e:
        services.checkpoint_check_in(actor=member.user, token=elsewhere.token,
                                     now=during(shift))
    assert e.value.code == PatrolErrorCode.NOT_ON_SHIFT
    # the guard, who is not on duty that evening, scanning alice's checkpoint
    with pytest.raises(Forbidden) as e:
        services.checkpoint_check_in(actor=guard.user, token=point.token, now=during(shift))
    assert e.value.code == PatrolErrorCode.NOT_ON_SHIFT
    # the right checkpoint at noon
    with pytest.raises(Conflict) as e:
        services.checkpoint_check_in(actor=member.user, token=point.token,
                                     now=shift.starts_at - dt.timedelta(hours=7))
    assert e.value.code == PatrolErrorCode.OUTSIDE_SHIFT
    # a second scan
    services.checkpoint_check_in(actor=member.user, token=point.token, now=during(shift))
    with pytest.raises(Conflict) as e:
        services.checkpoint_check_in(actor=member.user, token=point.token, now=during(shift, 9))
    assert e.value.code == PatrolErrorCode.ALREADY_CHECKED_IN
    assert CheckIn.objects.count() == 1


def test_closing_a_shift_flags_missed_checkpoints_and_pays_volunteer_hours(
        plan, member, route, staff):
    # given alice scanned one of the two checkpoints
    shift = shift_of(plan, member)
    first, second = route.checkpoints.order_by("order")
    services.checkpoint_check_in(actor=member.user, token=first.token, now=during(shift))
    # when the shift is closed after its end
    closed = services.shift_close(actor=SYSTEM, shift=shift,
                                  now=shift.ends_at + dt.timedelta(minutes=1))
    # then the second checkpoint is flagged and her 4 hours are verified volunteer service
    assert closed.state == ShiftState.DONE and closed.missed == [second.pk]
    record = ServiceRecord.objects.get(source=f"patrol:{shift.pk}")
    assert record.state == RecordState.VERIFIED and record.minutes == 240
    entry = PointsEntry.objects.get(source=f"service_record:{record.pk}")
    assert entry.amount > 0
    with pytest.raises(Conflict) as e:
        services.shift_close(actor=SYSTEM, shift=shift,
                             now=shift.ends_at + dt.timedelta(minutes=2))
    assert e.value.code == PatrolErrorCode.SHIFT_CLOSED


def test_a_shift_not_over_cannot_be_closed_and_an_empty_one_is_absent(plan, guard, staff):
    shift = shift_of(plan, guard)
    with pytest.raises(Conflict) as e:
        services.shift_close(actor=staff, shift=shift, now=during(shift))
    assert e.value.code == PatrolErrorCode.SHIFT_NOT_OVER
    closed = services.shift_close(actor=staff, shift=shift, now=shift.ends_at)
    assert closed.state == ShiftState.ABSENT and len(closed.missed) == 2
    assert not ServiceRecord.objects.exists()  # a guard is not a volunteer


def test_plan_refusals(tree, staff, route, coverage, member):
    # a grid without routes
    with pytest.raises(Conflict) as e:
        services.plan_generate(actor=staff, area=tree.grid2, month=this_month())
    assert e.value.code == PatrolErrorCode.NO_ROUTES
    # a community where one grid must be covered but has no route: named, nothing written
    services.coverage_add(actor=staff, grid=tree.grid2, starts=dt.time(19), ends=dt.time(0))
    with pytest.raises(Conflict) as e:
        services.plan_generate(actor=staff, area=tree.community, month=this_month())
    assert e.value.code == PatrolErrorCode.NO_ROUTES and tree.grid2.name in e.value.message
    from shequ.patrols.models import ShiftPlan
    assert not ShiftPlan.objects.exists()
    # a published plan is not redrawn
    plan = services.plan_generate(actor=staff, area=tree.grid1, month=this_month())
    services.plan_publish(actor=staff, plan=plan)
    with pytest.raises(Conflict) as e:
        services.plan_generate(actor=staff, area=tree.grid1, month=this_month())
    assert e.value.code == PatrolErrorCode.PLAN_PUBLISHED
    with pytest.raises(Conflict):
        services.plan_publish(actor=staff, plan=plan)


def test_a_grid_worker_may_not_plan(tree, grid_worker, route, coverage):
    with pytest.raises(Forbidden):
        services.plan_generate(actor=grid_worker, area=tree.grid1, month=this_month())


def test_swaps(plan, member, guard, staff, tree):
    future = plan.shifts.filter(member=member, starts_at__gt=timezone.now()).first()
    if future is None:
        pytest.skip("the month's last evening has passed")
    # the guard already patrols some days: handing him a shift on one of those is refused
    busy_day = plan.shifts.filter(member=guard, starts_at__gt=timezone.now()).first()
    if busy_day is not None:
        mine = plan.shifts.filter(member=member, date=busy_day.date).first()
        assert mine is None  # one person a day
    # someone unavailable that evening
    services.member_update(actor=staff, member=guard, weekdays=127,
                           available_from=dt.time(8), available_until=dt.time(17))
    with pytest.raises(Conflict) as e:
        services.swap_request(actor=member.user, shift=future, to_member=guard, reason="出差")
    assert e.value.code == PatrolErrorCode.UNAVAILABLE
    services.member_update(actor=staff, member=guard, weekdays=127,
                           available_from=dt.time(0), available_until=dt.time(23, 59))
    # the guard may not ask to swap alice's shift (to him it does not exist)
    with pytest.raises(NotFound):
        services.swap_request(actor=guard.user, shift=future, to_member=guard, reason="我来")
    # the guard at the month's maximum
    from shequ.patrols.models import ShiftPlan
    ShiftPlan.objects.filter(pk=plan.pk).update(max_shifts=plan.shifts.filter(
        member=guard).count())
    future.plan.refresh_from_db()
    with pytest.raises(Conflict) as e:
        services.swap_request(actor=member.user, shift=future, to_member=guard, reason="出差")
    assert e.value.code == PatrolErrorCode.OVER_MAX
    ShiftPlan.objects.filter(pk=plan.pk).update(max_shifts=31)
    future.plan.refresh_from_db()
    swap = services.swap_request(actor=member.user, shift=future, to_member=guard,
                                 reason="出差")
    with pytest.raises(Conflict):
        services.swap_request(actor=member.user, shift=future, to_member=guard, reason="再来")
    # a member may not approve; staff do, and the shift changes hands
    with pytest.raises((NotFound, Forbidden)):
        services.swap_decide(actor=member.user, swap=swap, approve=True)
    services.swap_decide(actor=staff, swap=swap, approve=True)
    future.refresh_from_db()
    assert future.member_id == guard.pk
    with pytest.raises(Conflict):
        services.swap_decide(actor=staff, swap=swap, approve=False)


def test_swap_to_someone_already_on_patrol_that_day(plan, member, guard, staff):
    future = plan.shifts.filter(member=member, starts_at__gt=timezone.now()).first()
    if future is None:
        pytest.skip("the month's last evening has passed")
    other = plan.shifts.filter(member=guard).exclude(date=future.date).first()
    other.date, other.starts_at, other.ends_at = future.date, future.starts_at, future.ends_at
    other.save()
    future.starts_at += dt.timedelta(seconds=1)
    future.save()
    with pytest.raises(Conflict) as e:
        services.swap_request(actor=member.user, shift=future, to_member=guard, reason="有事")
    assert e.value.code == PatrolErrorCode.BUSY


def test_an_incident_becomes_a_stability_case_in_one_step(plan, member, building, staff):
    shift = shift_of(plan, member)
    incident = services.incident_report(actor=member.user, shift=shift, category="fire_hazard",
                                        building=building, note="楼道堆放杂物堵塞消防通道")
    case = services.incident_file_case(actor=staff, incident=incident)
    assert case.ledger == "stability" and case.source == "patrol"
    assert not case.category.public
    assert case.building_id == building.pk
    incident.refresh_from_db()
    assert incident.case_id == case.pk
    with pytest.raises(Conflict) as e:
        services.incident_file_case(actor=staff, incident=incident)
    assert e.value.code == PatrolErrorCode.ALREADY_FILED
    assert Case.objects.count() == 1


def test_incident_refusals(tree, grid_worker, other_grid_worker, staff):
    other_building = tree.household2.entrance.building
    with pytest.raises(DomainError) as e:
        services.incident_report(actor=grid_worker, grid=tree.grid1, category="theft",
                                 building=other_building, note="电瓶车被盗")
    assert e.value.field == "building"
    with pytest.raises(DomainError) as e:
        services.incident_report(actor=grid_worker, grid=tree.grid1, category="nope", note="x")
    assert e.value.field == "category"
    with pytest.raises(DomainError) as e:
        services.incident_report(actor=grid_worker, grid=tree.grid1, category="theft", note=" ")
    assert e.value.field == "note"
    with pytest.raises(NotFound):
        services.incident_report(actor=other_grid_worker, grid=tree.grid1, category="theft",
                                 note="电瓶车被盗")


def test_pool_and_route_refusals(tree, staff, volunteer, unit, building):
    with pytest.raises(DomainError) as e:
        services.member_add(actor=staff, community=tree.community,
                            kind=MemberKind.UNIT_SECURITY, name="老李")
    assert e.value.field == "unit"
    services.member_add(actor=staff, community=tree.community, kind=MemberKind.VOLUNTEER,
                        volunteer=volunteer)
    with pytest.raises(Conflict):
        services.member_add(actor=staff, community=tree.community, kind=MemberKind.VOLUNTEER,
                            volunteer=volunteer)
    with pytest.raises(DomainError) as e:
        services.member_add(actor=staff, community=tree.community, kind=MemberKind.UNIT_SECURITY,
                            unit=unit, name="老李", weekdays=0)
    assert e.value.field == "weekdays"
    route = services.route_create(actor=staff, grid=tree.grid1, name="一线")
    with pytest.raises(DomainError) as e:
        services.checkpoint_add(actor=staff, route=route,
                                building=tree.household2.entrance.building)
    assert e.value.field == "building"
    with pytest.raises(DomainError) as e:
        services.coverage_add(actor=staff, grid=tree.grid1, starts=dt.time(23), ends=dt.time(19))
    assert e.value.field == "ends"


def test_the_plan_command_prints_refusals_and_publishes(tree, staff, route, coverage, member):
    import io

    from django.core.management import CommandError, call_command
    with pytest.raises(CommandError):
        call_command("patrols_plan", "--area", tree.grid2.code,
                     "--month", f"{this_month():%Y-%m}", stdout=io.StringIO())
    out = io.StringIO()
    call_command("patrols_plan", "--area", tree.grid1.code, "--month",
                 f"{this_month():%Y-%m}", "--max-shifts", "3", "--publish", stdout=out)
    assert "3 of" in out.getvalue() and "uncovered" in out.getvalue()
    assert "published" in out.getvalue()


def test_the_close_command_closes_ended_shifts_once(plan):
    import io

    from django.core.management import call_command
    out = io.StringIO()
    call_command("patrols_close_shifts", stdout=out)
    ended = plan.shifts.filter(ends_at__lte=timezone.now()).count()
    assert out.getvalue().startswith(f"{ended} shifts closed")
    out = io.StringIO()
    call_command("patrols_close_shifts", stdout=out)
    assert out.getvalue().startswith("0 shifts closed")
