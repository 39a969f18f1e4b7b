"""The demo loader at the tiny scale: the catalogue, requests in every state (one near its
deadline, one overdue), 代办 with an authorisation, a 民情说吧 session — and work for the
demo logins."""

import pytest
from django.utils import timezone

from shequ.accounts.models import User
from shequ.services import selectors
from shequ.services.models import CatalogueItem, Opinion, Outcome, RequestState, ServiceRequest
from shequ.testing.demo import tiny_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), tiny_demo():
        yield


@pytest.mark.django_db
def test_the_demo_gives_every_login_real_work(demo):
    assert CatalogueItem.objects.filter(retired_at__isnull=True).count() == 19
    states = set(ServiceRequest.objects.values_list("state", flat=True))
    assert states == set(RequestState.values)
    now = timezone.now()
    assert ServiceRequest.objects.filter(state="accepted", due_at__gt=now,
                                         due_at__lt=now + timezone.timedelta(days=1)).exists()
    assert ServiceRequest.objects.filter(authorisation__isnull=False).exists()
    assert {Outcome.CASE, Outcome.DELIBERATION, Outcome.ANSWERED, Outcome.OPEN} <= set(
        Opinion.objects.values_list("outcome", flat=True))
    staff = User.objects.get(username="community_staff")
    assert selectors.request_list(actor=staff, state="submitted").exists()
    assert selectors.request_list(actor=staff, overdue=True).exists()
    worker = User.objects.get(username="grid_worker")
    assert selectors.request_list(actor=worker, state="submitted").exists()
    resident = User.objects.get(username="resident")
    mine = selectors.request_list(actor=resident, mine=True)
    assert mine.filter(state="completed", rating__isnull=True).exists()
