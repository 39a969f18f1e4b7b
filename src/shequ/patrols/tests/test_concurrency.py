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
