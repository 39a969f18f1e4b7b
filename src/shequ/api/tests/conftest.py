"""Fixtures for the API tests: a client that speaks as a user through an API token."""

import json

import pytest
from django.test import Client

from shequ.testing import factories


class ApiClient:
    """Django's test client with a Bearer token and JSON bodies."""

    def __init__(self, user=None, **defaults):
        self.client = Client()
        self.headers = dict(defaults)
        if user is not None:
            self.headers.update(factories.bearer(user))

    def get(self, path, params=None, **extra):
        return self.client.get(path, params or {}, **self.headers, **extra)

    def _send(self, method, path, body, **extra):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(path, data, content_type="application/json",
                                            **self.headers, **extra)

    def post(self, path, body=None, **extra):
        return self._send("post", path, {} if body is None else body, **extra)

    def patch(self, path, body=None, **extra):
        return self._send("patch", path, {} if body is None else body, **extra)

    def delete(self, path, **extra):
        return self.client.delete(path, **self.headers, **extra)


@pytest.fixture
def api_as():
    """``api_as(user)`` → a client authenticated with a fresh token of that user."""
    return ApiClient


@pytest.fixture
def anon_api():
    return ApiClient()


def assert_error(response, status, code=None, field=None):
    """The one error shape: {"code", "message", "field"} with the given status."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) >= {"code", "message", "field"}
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    return body
