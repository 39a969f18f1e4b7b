"""Two registrations of one member at the same moment (two phones): one is kept."""

import pytest

from shequ.core.errors import Conflict
from shequ.members import services
from shequ.members.models import DualRegistration
from shequ.volunteers.tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_registrations_keep_one(transactional_db, member, tree):
    results = race(
        lambda: services.dual_register(actor=member.resident.user, member=member,
                                       community=tree.community),
        lambda: services.dual_register(actor=member.resident.user, member=member,
                                       community=tree.community),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "DualRegistration"]
    assert isinstance(next(r for r in results if not isinstance(r, DualRegistration)), Conflict)
    assert DualRegistration.objects.filter(member=member, is_active=True).count() == 1
