"""OpenAPI 3 and the docs page, served without any CDN."""

import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_openapi_lists_the_endpoints_and_the_error_shape():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/residents", "/api/v1/residents/{resident_id}/reveal",
                 "/api/v1/auth/token", "/api/v1/me", "/api/v1/areas", "/api/v1/units",
                 "/api/v1/households/{household_id}", "/api/v1/stats/counts"):
        assert path in spec["paths"], path
    assert set(spec["components"]["schemas"]["Error"]["required"]) == {"code", "message", "field"}
    listing = spec["paths"]["/api/v1/residents"]["get"]
    assert "404" in listing["responses"] and "400" in listing["responses"]
    assert {p["name"] for p in listing["parameters"]} >= {"q", "limit", "cursor", "with_count"}


@pytest.mark.django_db
def test_docs_use_the_bundled_static_files_only():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.startswith("/static/ninja/swagger-ui-bundle") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets
    # no host anywhere in the page (a bare "cdn" would also match a random CSRF token)
    assert not re.search(r"https?://|//[a-z0-9-]+\.[a-z]", html.lower())


@pytest.mark.django_db
def test_the_error_codes_of_every_app_are_documented():
    spec = Client().get("/api/v1/openapi.json").json()
    codes = set(spec["components"]["schemas"]["ErrorCode"]["enum"])
    # shared, the API layer's, and each app's own enum (courses, members, casework…)
    assert {"not_found", "duplicate", "invalid_token", "full", "post_full",
            "not_grid_worker", "nominations_closed", "separation_of_duties"} <= codes
    code = spec["components"]["schemas"]["Error"]["properties"]["code"]
    assert {"$ref": "#/components/schemas/ErrorCode"} in code["anyOf"]
