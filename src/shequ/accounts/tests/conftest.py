"""Fixtures for the account tests: a second street beside the shared tree (so scope has
an outside), administrators at each level, and a JSON client speaking through a token."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from asgiref.local import Local
from django.core.management import call_command
from django.test import Client
from django.utils.translation import trans_real

from shequ.accounts.roles import Role
from shequ.accounts.services import api_token_create
from shequ.core.actors import SYSTEM
from shequ.territory import services as territory_services
from shequ.territory.models import Area
from shequ.testing import factories


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    """These tests read messages in Chinese: compile the catalogs first (as make test does)
    and forget any loaded before."""
    call_command("compilemessages", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


@dataclass
class Other:
    street: Area
    community: Area
    grid: Area


@pytest.fixture
def other(tree) -> Other:
    """A second street of the same district, with one community and one grid."""
    code = tree.district.code
    street = territory_services.area_create(actor=SYSTEM, kind="street", name="三里坪街道",
                                            code=f"{code}002", parent=tree.district)
    community = territory_services.area_create(actor=SYSTEM, kind="community", name="南外社区",
                                               code=f"{code}002001", parent=street)
    grid = territory_services.area_create(actor=SYSTEM, kind="grid", name="南外第一网格",
                                          parent=community)
    return Other(street, community, grid)


@pytest.fixture
def sysadmin(tree):
    """System administrator of the whole (one-district) territory."""
    return factories.user(Role.SYSADMIN, tree.district, username="sys_district")


@pytest.fixture
def street_sysadmin(tree, other):
    """System administrator of the first street only."""
    return factories.user(Role.SYSADMIN, tree.street, username="sys_street")


@pytest.fixture
def secadmin(tree):
    return factories.user(Role.SECADMIN, tree.district, username="sec_district")


class ApiClient:
    """Django's test client with a Bearer token and JSON bodies."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, raw = api_token_create(actor=SYSTEM, user=user, name="test")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def get(self, path, params=None):
        return self.client.get(path, params or {}, **self.headers)

    def _send(self, method, path, body):
        return getattr(self.client, method)(path, json.dumps(body or {}),
                                            content_type="application/json", **self.headers)

    def post(self, path, body=None):
        return self._send("post", path, body)

    def patch(self, path, body=None):
        return self._send("patch", path, body)

    def delete(self, path):
        return self.client.delete(path, **self.headers)


@pytest.fixture
def api_as():
    return ApiClient


def error(response, status, code=None, field=None) -> dict:
    """The API's one error shape with the expected status (and code, field)."""
    assert response.status_code == status, response.content[:400]
    body = response.json()
    assert set(body) >= {"code", "message", "field"} and body["message"]
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    return body
