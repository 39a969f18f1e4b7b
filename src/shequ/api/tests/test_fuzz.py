"""Schemathesis over the whole OpenAPI document: every operation, called with generated
valid and invalid input as a district administrator over the tiny demo, never answers
with a server error. Bounded (SHEQU_FUZZ_EXAMPLES per operation, 8 by default) so CI
stays fast; raise it locally to search harder."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from shequ.core.actors import SYSTEM
from shequ.testing.demo import tiny_demo
from shequ.wsgi import application

EXAMPLES = int(os.environ.get("SHEQU_FUZZ_EXAMPLES", "8"))
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Signing out, changing one's password or revoking one's token would only end the run
# early; those are covered by their own tests.
schema = schema.exclude(path_regex=r"/auth/|/me/password")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, and requests that keep the test's connection: the WSGI handler closes a
    connection in a transaction at each request's start and end (Django's test client
    switches that off the same way), which on PostgreSQL would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), tiny_demo():
            yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(demo, db):
    from shequ.accounts.models import User
    from shequ.accounts.services import api_token_create

    _t, raw = api_token_create(actor=SYSTEM, user=User.objects.get(username="district_admin"),
                               name="fuzz")
    return raw


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case, token):
    # when
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    # then
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → {response.status_code}\n"
        f"query={case.query} body={case.body!r}\n{response.text[:2000]}")
