"""Intake through the WSGI application the server runs: an API client's token request
(no cookie) takes the short middleware chain (``core.tokenwsgi``) and is answered as the
full chain answers it — same status, body shape, headers, refusals and scoping."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from shequ.accounts.services import api_token_create
from shequ.core import tokenwsgi
from shequ.core.actors import SYSTEM
from shequ.ledgers.models import Case

pytestmark = pytest.mark.django_db
URL = "/api/v1/ledgers/cases"
# Per request, or set by the server: not part of what is compared.
VARYING = {"X-Request-ID", "Date", "Content-Length"}


@pytest.fixture
def wsgi():
    """The project's WSGI application, keeping the test's connection (the handler closes a
    connection in a transaction at each request's start and end, as in test_fuzz)."""
    from shequ.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _call(app, method, path, *, token=None, cookie=None, body=None):
    data = json.dumps(body).encode() if body is not None else b""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
               "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": "application/json",
               "CONTENT_LENGTH": str(len(data)), "REMOTE_ADDR": "127.0.0.1",
               "wsgi.input": io.BytesIO(data), "wsgi.url_scheme": "http",
               "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
               "wsgi.run_once": False, "wsgi.version": (1, 0)}
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    started = {}
    chunks = app(environ, lambda status, headers, *_: started.update(
        status=int(status.split()[0]), headers=dict(headers)))
    content = b"".join(chunks)
    chunks.close()
    return started["status"], started["headers"], json.loads(content or b"null")


def _both(app, method, path, **kwargs):
    """The same request by the short chain (no cookie) and by the full one (a cookie that
    holds no session)."""
    assert tokenwsgi.is_token_request({"PATH_INFO": path, "HTTP_AUTHORIZATION": "Bearer x"})
    return (_call(app, method, path, **kwargs),
            _call(app, method, path, cookie="theme=dark", **kwargs))


def _headers(headers):
    return {k: v for k, v in headers.items() if k not in VARYING}


def test_a_token_intake_is_answered_as_by_the_full_chain(wsgi, grid_worker, place):
    # given a grid worker's API token
    _t, raw = api_token_create(actor=SYSTEM, user=grid_worker, name="app")
    body = {"category": "sanitation", "description": "垃圾满溢",
            "building": place.building1.pk, "reporter_phone": "13800001234"}
    # when the same case is filed by the short chain and by the full one
    (s1, h1, b1), (s2, h2, b2) = _both(wsgi, "POST", URL, token=raw, body=body)
    # then both are taken in, with the same answer and headers
    assert (s1, s2) == (201, 201)
    assert Case.objects.filter(pk__in=[b1["id"], b2["id"]]).count() == 2
    assert b1.keys() == b2.keys() and b1["state"] == b2["state"] == "received"
    assert _headers(h1) == _headers(h2)
    assert h1["Cache-Control"] == "no-store" and "Content-Security-Policy" in h1
    assert h1["X-Frame-Options"] == "DENY" and h1["X-Request-ID"]


def test_a_token_of_another_grid_is_refused_by_both_chains(wsgi, other_grid_worker, place):
    # given a token of a grid worker of grid 2
    _t, raw = api_token_create(actor=SYSTEM, user=other_grid_worker, name="app")
    body = {"category": "sanitation", "description": "垃圾满溢",
            "building": place.building1.pk, "reporter_phone": "13800001234"}
    # when it files a case in a building of grid 1
    (s1, h1, b1), (s2, h2, b2) = _both(wsgi, "POST", URL, token=raw, body=body)
    # then both refuse it alike, and nothing is written
    assert s1 == s2 == 400
    assert b1 == b2 and b1["field"] == "building" and b1["code"] == "not_found"
    assert not Case.objects.exists()


def test_a_bad_token_is_refused_by_both_chains(wsgi, place):
    # when a revoked or invented token is used
    (s1, _h1, b1), (s2, _h2, b2) = _both(wsgi, "GET", URL, token="shq_nothing")
    # then both answer 401 in the API's error shape
    assert (s1, s2) == (401, 401) and b1 == b2 and b1["code"]


def test_only_cookieless_token_requests_to_the_api_take_the_short_chain():
    bearer = {"HTTP_AUTHORIZATION": "Bearer shq_x"}
    assert tokenwsgi.is_token_request({"PATH_INFO": URL, **bearer})
    assert not tokenwsgi.is_token_request({"PATH_INFO": URL})
    assert not tokenwsgi.is_token_request({"PATH_INFO": URL, **bearer, "HTTP_COOKIE": "a=1"})
    assert not tokenwsgi.is_token_request({"PATH_INFO": "/cases/", **bearer})
    assert not tokenwsgi.is_token_request({"PATH_INFO": URL, "HTTP_AUTHORIZATION": "Basic x"})
    # and the short chain is the full one less the session's middleware
    short = tokenwsgi.token_middleware(list(tokenwsgi.settings.MIDDLEWARE))
    assert not set(short) & tokenwsgi.SESSION_ONLY
    assert "shequ.core.middleware.AccessLogMiddleware" in short
    assert "django.middleware.common.CommonMiddleware" in short
