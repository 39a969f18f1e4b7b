"""Key rotation reaches the reporter phones typed at intake (the manifest's ``encrypted``)."""

import io

import pytest
from django.core.management import call_command

from shequ.core import crypto
from shequ.ledgers.models import Case


@pytest.mark.django_db
def test_a_reporters_phone_moves_to_the_new_key(make_case, settings):
    # given a case whose reporter phone was written under k1
    settings.ENCRYPTION_KEYS = "k1:" + settings.ENCRYPTION_KEYS.split("k1:")[1]
    case = make_case(reporter_phone="13812345678")
    # when k3 becomes primary and the command runs
    settings.ENCRYPTION_KEYS = "k3:" + crypto.generate_key() + "," + settings.ENCRYPTION_KEYS
    call_command("rotate_keys", stdout=io.StringIO())
    # then the phone is under k3 and reads back the same
    case = Case.objects.get(pk=case.pk)
    assert crypto.key_id_of(case.reporter_phone_enc) == "k3"
    assert crypto.decrypt(case.reporter_phone_enc) == "13812345678"
