"""Two staff accepting, or accepting and refusing, one request at the same moment: one
step lands, the other is told (never both, never a lost update); two ratings at once
leave one."""

from __future__ import annotations

import pytest

from shequ.core.errors import Conflict
from shequ.services import services
from shequ.services.models import RequestChannel, RequestEvent, ServiceRequest
from shequ.volunteers.tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_steps_at_once_one_lands(item, granny, staff):
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    results = race(
        lambda: services.request_accept(actor=staff, service_request=req, version=0),
        lambda: services.request_refuse(actor=staff, service_request=req, reason="材料不全",
                                        version=0))
    assert sum(isinstance(r, ServiceRequest) for r in results) == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    row = ServiceRequest.objects.get(pk=req.pk)
    assert row.version == 1
    assert RequestEvent.objects.filter(request=req).count() == 2  # submit + the one step


def test_two_ratings_at_once_leave_one(item, granny, staff):
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    req = services.request_accept(actor=staff, service_request=req)
    req = services.request_complete(actor=staff, service_request=req)
    results = race(*[lambda: services.request_rate(actor=granny.user, service_request=req,
                                                   rating=5)] * 2)
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert RequestEvent.objects.filter(request=req, kind="rate").count() == 1
