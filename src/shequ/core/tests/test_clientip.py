"""The client's address behind reverse proxies: X-Forwarded-For is believed only as far as
trusted proxies wrote it, so a client cannot choose the address it is counted under."""

import pytest
from django.test import RequestFactory

from shequ.core.clientip import client_ip


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize("trusted,remote,forwarded,expected", [
    # no proxy configured: the header is the client's own words
    ([], "203.0.113.5", "1.2.3.4", "203.0.113.5"),
    # one trusted proxy in front: the address it saw
    (["10.0.0.2"], "10.0.0.2", "198.51.100.7", "198.51.100.7"),
    # a client forging the header: only the hop the proxy appended counts
    (["10.0.0.2"], "10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
    # two trusted proxies (a network) in a chain
    (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
    # a request straight to the app, not through the proxy: the header is ignored
    (["10.0.0.2"], "203.0.113.5", "1.2.3.4", "203.0.113.5"),
    # garbage in the header stops the walk at the last address a proxy vouched for
    (["10.0.0.2"], "10.0.0.2", "nonsense", "10.0.0.2"),
    (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
])
def test_client_ip(settings, trusted, remote, forwarded, expected):
    # given
    settings.TRUSTED_PROXIES = trusted
    # when / then
    assert client_ip(_request(remote, forwarded)) == expected


def test_no_request_no_address():
    assert client_ip(None) is None
