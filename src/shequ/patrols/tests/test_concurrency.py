"""Two scans of one checkpoint at the same moment record one check-in; two approvals of
swaps handing the same evening to one person leave them with one shift that day."""

from __future__ import annotations

import datetime as dt

import pytest

from shequ.core.errors import DomainError
from shequ.patrols import services
from shequ.patrols.models import CheckIn
from shequ.volunteers.tests.racing import race

from .conftest import shift_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_scans_at_once_record_one_check_in(plan, member, route):
    shift = shift_of(plan, member)
    point = route.checkpoints.first()
    at = shift.starts_at + dt.timedelta(minutes=5)
    results = race(*[lambda: services.checkpoint_check_in(actor=member.user, token=point.token,
                                                          now=at)] * 2)
    assert sum(isinstance(r, CheckIn) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 1
    assert CheckIn.objects.filter(shift=shift).count() == 1


def test_reorders_and_an_add_at_once_leave_one_clean_order(route, staff, tree):
    """Two reorders and an add racing on one route run in turn (the route's row lock), and
    the route ends with every checkpoint at a distinct position 1…n."""
    from shequ.patrols import selectors

    a, b = [p.pk for p in selectors.route_checkpoints(route)]
    results = race(
        lambda: services.checkpoint_reorder(actor=staff, route=route, order=[b, a]),
        lambda: services.checkpoint_reorder(actor=staff, route=route, order=[a, b]),
        lambda: services.checkpoint_add(actor=staff, route=route, compound=tree.compound,
                                        label="东门"))
    # the add always lands; a reorder that ran after it no longer lists every checkpoint
    # and is refused with its code (never a constraint error)
    assert not isinstance(results[2], Exception), results
    for r in results[:2]:
        assert isinstance(r, list) or getattr(r, "code", None) == "checkpoint_order_mismatch", r
    orders = [p.order for p in selectors.route_checkpoints(route)]
    assert orders == list(range(1, len(orders) + 1)) and len(orders) == 3
