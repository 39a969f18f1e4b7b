"""Key rotation re-encrypts every row under the new primary key."""

import io

import pytest
from django.core.management import call_command

from shequ.core import crypto
from shequ.registry.models import Resident
from shequ.testing import factories


@pytest.mark.django_db
def test_rotation_moves_rows_to_new_key_and_values_survive(tree, settings):
    # given rows written under k1
    settings.ENCRYPTION_KEYS = "k1:" + settings.ENCRYPTION_KEYS.split("k1:")[1]
    r = factories.resident(tree.household1, id_number="51170319440904468X", phone="13812345678")
    # when k3 becomes primary and the command runs
    settings.ENCRYPTION_KEYS = "k3:" + crypto.generate_key() + "," + settings.ENCRYPTION_KEYS
    call_command("rotate_keys", stdout=io.StringIO())
    # then the row is under k3 and reads back the same
    r = Resident.objects.get(pk=r.pk)
    assert crypto.key_id_of(r.id_number_enc) == "k3" and crypto.key_id_of(r.phone_enc) == "k3"
    assert crypto.decrypt(r.id_number_enc) == "51170319440904468X"
    assert crypto.decrypt(r.phone_enc) == "13812345678"
