"""Two confirmations of one transfer at the same moment: one wins, the member moves once."""

import pytest

from shequ.core.errors import Conflict
from shequ.core.models import AuditEvent
from shequ.membership import services
from shequ.membership.models import Transfer
from shequ.registry.models import PartyMember
from shequ.volunteers.tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_confirmations_at_once_one_wins(transactional_db, staff, orgs, member):
    t = services.transfer_request(actor=staff, member=member, to_org=orgs["b"])
    services.transfer_send(actor=staff, transfer=t, letter_number="12")
    results = race(lambda: services.transfer_confirm(actor=staff, transfer=t),
                   lambda: services.transfer_confirm(actor=staff, transfer=t))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Transfer"]
    assert next(r for r in results if isinstance(r, Conflict)).code == "invalid_transition"
    assert Transfer.objects.get(pk=t.pk).state == "confirmed"
    assert PartyMember.objects.get(pk=member.pk).org == orgs["b"]
    assert AuditEvent.objects.filter(action="transfer_confirm").count() == 1
