"""Fixtures for patrols: a grid with a route of two checkpoints and an evening band, a
volunteer patrol member and a unit guard (both with accounts), and a published plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.patrols import services
from shequ.patrols.models import MemberKind
from shequ.testing import factories
from shequ.volunteers import services as volunteer_services

EVENING = (dt.time(19), dt.time(23))


def person(household, name, area, role=Role.RESIDENT):
    """A resident with a signed-in account linked to them."""
    r = factories.resident(household, name=name)
    r.user = factories.user(role, area)
    r.save(update_fields=["user"])
    return r


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def building(tree):
    return tree.household1.entrance.building


@pytest.fixture
def route(tree, staff, building):
    r = services.route_create(actor=staff, grid=tree.grid1, name="夜巡一线")
    services.checkpoint_add(actor=staff, route=r, building=building)
    services.checkpoint_add(actor=staff, route=r, compound=tree.compound, label="金竹苑大门")
    return r


@pytest.fixture
def coverage(tree, staff):
    return services.coverage_add(actor=staff, grid=tree.grid1, starts=EVENING[0],
                                 ends=EVENING[1])


@pytest.fixture
def alice(tree):
    return person(tree.household1, "王芳", tree.grid1)


@pytest.fixture
def volunteer(alice):
    return volunteer_services.volunteer_register(actor=alice.user, resident=alice, skills={},
                                                 availability=(1 << 21) - 1)


@pytest.fixture
def member(staff, tree, volunteer):
    return services.member_add(actor=staff, community=tree.community,
                               kind=MemberKind.VOLUNTEER, volunteer=volunteer)


@pytest.fixture
def unit(tree):
    return org_services.unit_create(actor=SYSTEM, name="医院", credit_code="91350100M000100Y43",
                                    kind="enterprise", area=tree.community)


@pytest.fixture
def guard(staff, tree, unit):
    account = factories.user(Role.RESIDENT, tree.grid1, username="guard1")
    return services.member_add(actor=staff, community=tree.community,
                               kind=MemberKind.UNIT_SECURITY, unit=unit, user=account,
                               name="保安老李")


@pytest.fixture
def plan(staff, tree, route, coverage, member, guard):
    p = services.plan_generate(actor=staff, area=tree.grid1, month=this_month(),
                               max_shifts=20)
    return services.plan_publish(actor=staff, plan=p)


def shift_of(plan, member):
    return plan.shifts.filter(member=member).select_related("route", "plan").first()


def make_current(shift):
    """Move a shift so that it is on now (for the doors that use the clock)."""
    now = timezone.now()
    # The member's other shifts that are on now (the plan's own evening patrol, when the
    # tests run in the evening) move a week back, so the doors find this one.
    for other in type(shift).objects.filter(member_id=shift.member_id,
                                            starts_at__lte=now + dt.timedelta(hours=3),
                                            ends_at__gte=now - dt.timedelta(hours=2)
                                            ).exclude(pk=shift.pk):
        week = dt.timedelta(days=7)
        other.date, other.starts_at, other.ends_at = (other.date - week,
                                                      other.starts_at - week,
                                                      other.ends_at - week)
        other.save(update_fields=["date", "starts_at", "ends_at"])
    shift.date = timezone.localdate(now)
    shift.starts_at, shift.ends_at = now - dt.timedelta(hours=1), now + dt.timedelta(hours=2)
    shift.save(update_fields=["date", "starts_at", "ends_at"])
    return shift
