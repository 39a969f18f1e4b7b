"""Zero overlapping confirmed bookings under load: many owners booking the same slot at the
same moment through the API leave exactly one confirmed booking — PostgreSQL's exclusion
constraint refuses the others (500 requests); on SQLite the IMMEDIATE transactions serialise
the check (eight owners racing the service)."""

import os
import queue
import threading

import pytest
from django.db import connection
from django.test import Client

from shequ.resources import services
from shequ.resources.errors import SlotTaken
from shequ.resources.models import Booking, BookingStatus
from shequ.testing import factories
from shequ.volunteers.tests.racing import _with_lock_retry, race

from .conftest import at

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ON_POSTGRES = os.environ.get("SHEQU_DATABASE_URL", "").startswith("postgres")


def fire(url: str, headers: list[dict], body: dict, requests: int, threads: int) -> list[int]:
    """``requests`` POSTs spread over ``threads`` threads (each with its own connection),
    released together; the status codes."""
    work: queue.Queue = queue.Queue()
    for i in range(requests):
        work.put(headers[i % len(headers)])
    statuses: list[int] = []
    barrier = threading.Barrier(threads)

    def run():
        client = Client()
        try:
            barrier.wait(timeout=30)
            while True:
                try:
                    h = work.get_nowait()
                except queue.Empty:
                    return
                r = _with_lock_retry(lambda h=h: client.post(
                    url, body, content_type="application/json", **h))
                statuses.append(r.status_code)
        finally:
            connection.close()

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=600)
    return statuses


def _crowd(tree, hall, day, *, users: int, requests: int, threads: int):
    # given staff of the community (the hall's owners: their bookings confirm at once)
    headers = [factories.bearer(factories.user("community_staff", tree.community))
               for _ in range(users)]
    body = {"starts_at": at(day, 9).isoformat(), "ends_at": at(day, 11).isoformat()}
    # when they all book the same slot at once
    statuses = fire(f"/api/v1/resources/{hall.pk}/bookings", headers, body, requests, threads)
    # then one is confirmed (201) and every other one is refused with 409
    assert len(statuses) == requests
    assert statuses.count(201) == 1
    assert statuses.count(409) == requests - 1
    assert Booking.objects.filter(resource=hall, status=BookingStatus.CONFIRMED).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (SHEQU_DATABASE_URL=postgres://…)"
                    ": the exclusion constraint exists there only")
def test_500_concurrent_bookings_of_one_slot_confirm_exactly_one(tree, hall, day):
    _crowd(tree, hall, day, users=25, requests=500, threads=16)


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite path; PostgreSQL runs the 500 above")
def test_concurrent_bookings_on_sqlite_confirm_exactly_one(tree, hall, day):
    """The in-memory test database reports a lock at once instead of waiting, which the API
    would answer 500 (in its token bookkeeping); the services are raced directly, retrying
    as the file database's busy timeout would wait."""
    owners = [factories.user("community_staff", tree.community) for _ in range(8)]
    results = race(*[lambda u=u: services.booking_request(
        actor=u, resource=hall, starts_at=at(day, 9), ends_at=at(day, 11)) for u in owners])
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert all(isinstance(r, SlotTaken) for r in results if not isinstance(r, Booking))
    assert Booking.objects.filter(resource=hall, status=BookingStatus.CONFIRMED).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: the constraint exists there only")
def test_the_database_itself_refuses_an_overlapping_confirmed_row(tree, hall, staff, day):
    """Even a write that skips the services cannot overlap a confirmed booking."""
    from django.db import IntegrityError, transaction

    first = services.booking_request(actor=staff, resource=hall, starts_at=at(day, 9),
                                     ends_at=at(day, 11))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(resource=hall, booker=staff, starts_at=at(day, 10),
                               ends_at=at(day, 12), status=BookingStatus.CONFIRMED,
                               path=hall.path, checkin_token="x" * 32)
    # a request (not confirmed) over it is a row like any other, and back-to-back is fine
    Booking.objects.create(resource=hall, booker=staff, starts_at=at(day, 10),
                           ends_at=at(day, 12), status=BookingStatus.REQUESTED,
                           path=hall.path, checkin_token="y" * 32)
    Booking.objects.create(resource=hall, booker=staff, starts_at=first.ends_at,
                           ends_at=at(day, 12), status=BookingStatus.CONFIRMED,
                           path=hall.path, checkin_token="z" * 32)
