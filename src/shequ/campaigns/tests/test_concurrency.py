"""Concurrent requests: one voter's two simultaneous votes store one; two residents taking
the last place of an activity get one place and one waiting-list entry. SQLite and
PostgreSQL (CI runs both)."""

import pytest

from shequ.campaigns import services
from shequ.campaigns.models import Signup, Vote
from shequ.core.errors import Conflict
from shequ.volunteers.tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("rounds", range(3))
def test_same_voter_twice_at_once_counts_once(rounds, transactional_db, voting, alice):
    selection, a, b = voting
    results = race(
        lambda: services.vote_cast(actor=alice.user, selection=selection, nomination=a),
        lambda: services.vote_cast(actor=alice.user, selection=selection, nomination=b),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Vote"], results
    assert Vote.objects.filter(selection=selection, voter=alice).count() == 1


def test_same_candidate_twice_at_once_counts_once(transactional_db, voting, alice):
    selection, a, _b = voting
    results = race(*[
        (lambda: services.vote_cast(actor=alice.user, selection=selection, nomination=a))
        for _ in range(2)])
    assert sum(isinstance(r, Vote) for r in results) == 1
    assert all(isinstance(r, Vote | Conflict) for r in results), results
    assert Vote.objects.count() == 1


def test_last_place_taken_once(transactional_db, activity, alice, carol):
    results = race(
        lambda: services.signup_create(actor=alice.user, activity=activity),
        lambda: services.signup_create(actor=carol.user, activity=activity),
    )
    assert all(isinstance(r, Signup) for r in results), results
    assert sorted(r.state for r in results) == ["confirmed", "waiting"]
