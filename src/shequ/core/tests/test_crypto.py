"""Authenticated encryption with key rotation, and the keyed hash."""

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured

from shequ.core import crypto


def test_round_trip_and_fresh_nonce_each_time():
    a, b = crypto.encrypt("51170319440904468X"), crypto.encrypt("51170319440904468X")
    assert a != b
    assert crypto.decrypt(a) == crypto.decrypt(b) == "51170319440904468X"
    assert b"51170319440904468X" not in a


def test_old_key_still_decrypts_after_rotation(settings):
    # given a value written when k1 was the primary key
    settings.ENCRYPTION_KEYS = "k1:" + settings.ENCRYPTION_KEYS.split("k1:")[1]
    old = crypto.encrypt("13812345678")
    assert crypto.key_id_of(old) == "k1"
    # when k2 becomes primary and k1 stays configured
    settings.ENCRYPTION_KEYS = "k2:dGVzdC1rZXktMi1mb3Itc2hlcXUtdGVzdHMtb25seSE=," + settings.ENCRYPTION_KEYS
    # then old rows read and new rows use k2
    assert crypto.decrypt(old) == "13812345678"
    assert crypto.key_id_of(crypto.encrypt("x")) == "k2"


def test_removed_key_is_reported_not_silently_misread(settings):
    blob = crypto.encrypt("secret")
    settings.ENCRYPTION_KEYS = "k9:" + crypto.generate_key()
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt(blob)


def test_tampering_is_detected():
    blob = bytearray(crypto.encrypt("13812345678"))
    blob[-1] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt(bytes(blob))


def test_blind_index_is_keyed_and_namespaced(settings):
    h = crypto.blind_index("phone", "13812345678")
    assert h == crypto.blind_index("phone", "13812345678")
    assert h != crypto.blind_index("id", "13812345678")
    settings.HASH_KEY = "another-key"
    assert crypto.blind_index("phone", "13812345678") != h


def test_bad_key_configuration_is_refused(settings):
    settings.ENCRYPTION_KEYS = "short:AAAA"
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
