"""Behind a reverse proxy every portal request comes from the proxy's address: the
per-address limits must count the client the proxy saw (core.clientip), not the proxy."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _lookup(client, client_address):
    return client.post(reverse("ledgers:report-status"), {"number": "999999",
                                                          "phone": "13912345678"},
                       REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_address)


def test_two_clients_behind_the_proxy_have_their_own_allowance(client, settings):
    # given
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.LEDGERS_PORTAL_LIMITS = {"status_ip": (2, 3600), "status_case": (100, 3600)}
    _lookup(client, "198.51.100.7")
    _lookup(client, "198.51.100.7")
    # when / then
    assert _lookup(client, "198.51.100.7").status_code == 429
    assert _lookup(client, "198.51.100.8").status_code == 400  # answered, not limited
    # and a forged header does not buy a fresh allowance
    assert _lookup(client, "1.2.3.4, 198.51.100.7").status_code == 429
