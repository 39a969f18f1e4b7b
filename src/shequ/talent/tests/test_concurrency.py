"""Two actors at the same moment: the same resident referred twice to one post leaves one
referral (the other is told it is a duplicate); a recruiter recording "hired" while staff
record "declined" leaves exactly one outcome."""

import pytest

from shequ.core.errors import Conflict
from shequ.talent import services
from shequ.talent.models import Referral
from shequ.volunteers.tests.racing import race

# serialized_rollback: the flush after these tests must not recreate content types with new ids
# (the next serialized_rollback test, on the same worker, restores the original ones).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_one_referral_per_person_and_post(demand, alice_profile, staff, recruiter):
    results = race(*[lambda: services.refer(actor=staff, demand=demand, profile=alice_profile)
                     for _ in range(4)])
    assert sum(isinstance(r, Referral) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Referral))
    assert Referral.objects.count() == 1


def test_one_outcome_wins(demand, alice_profile, staff, recruiter):
    r = services.refer(actor=staff, demand=demand, profile=alice_profile)
    services.referral_advance(actor=recruiter, referral=r, state="interviewed")
    a, b = (Referral.objects.get(pk=r.pk) for _ in range(2))
    results = race(lambda: services.referral_advance(actor=recruiter, referral=a, state="hired"),
                   lambda: services.referral_advance(actor=staff, referral=b, state="declined"))
    assert sum(isinstance(x, Conflict) for x in results) == 1
    final = Referral.objects.get(pk=r.pk).state
    assert final in ("hired", "declined")
