"""The JSON API from tests through the session: a signed-in test client (CSRF off) and a
JSON request helper."""

from __future__ import annotations

import json


def signed_in(client, user):
    """``client`` signed in as ``user``, sending unsafe methods without a CSRF token."""
    client.force_login(user)
    client.handler.enforce_csrf_checks = False
    return client


def send(client, method: str, url: str, body=None):
    """A JSON request; ``body`` None sends ``{}``."""
    return getattr(client, method)(url, json.dumps(body if body is not None else {}),
                                   content_type="application/json")
