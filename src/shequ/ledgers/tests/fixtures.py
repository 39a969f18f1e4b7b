"""Fixtures for ledger (and Open311) tests: people with ledger roles, buildings with
coordinates, and a ``make_case`` that goes through the real intake service."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from shequ.core.actors import SYSTEM
from shequ.ledgers import services
from shequ.ledgers.models import Category
from shequ.registry.models import Resident
from shequ.testing import factories
from shequ.testing.factories import PASSWORD

MINIMAL_BASE = (
    "<!doctype html><html><head><title>{% block title %}{% endblock %}</title>"
    "{% block extra_head %}{% endblock %}</head><body>{% block content %}{% endblock %}"
    "{% block scripts %}{% endblock %}</body></html>"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def base_template(settings, tmp_path):
    """Pages extend the project's base.html; stand in a minimal one only if it is absent."""
    try:
        get_template("base.html")
    except TemplateDoesNotExist:
        d = Path(tmp_path) / "templates"
        d.mkdir()
        (d / "base.html").write_text(MINIMAL_BASE, encoding="utf-8")
        settings.TEMPLATES = [{**settings.TEMPLATES[0],
                               "DIRS": [*settings.TEMPLATES[0]["DIRS"], d]}]


@pytest.fixture
def fresh_limits():
    """The portal's rate limits start from nothing (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login(client):
    """Sign the test client in as a user: ``login(staff).get(...)``."""

    def as_(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return as_


@pytest.fixture
def place(tree):
    """Coordinates on the two buildings of the tree (about 1 km apart)."""
    b1 = tree.household1.entrance.building
    b2 = tree.household2.entrance.building
    b1.lat, b1.lng = Decimal("31.208000"), Decimal("107.468000")
    b2.lat, b2.lng = Decimal("31.217000"), Decimal("107.468000")
    b1.save()
    b2.save()
    tree.building1, tree.building2 = b1, b2
    return tree


@pytest.fixture
def district_admin(tree):
    return factories.user("district_admin", tree.district)


@pytest.fixture
def street_admin(tree):
    return factories.user("street_admin", tree.street)


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)


@pytest.fixture
def resident(place):
    """A resident account linked to 张三 of household 1 (building 7栋, grid 1)."""
    user = factories.user("resident", place.community)
    person = factories.resident(place.household1, name="张三", phone="13800005555")
    Resident.objects.filter(pk=person.pk).update(user=user)
    person.refresh_from_db()
    user.refresh_from_db()
    return user


@pytest.fixture
def sanitation(db):
    return Category.objects.get(code="sanitation")


@pytest.fixture
def make_case(place, sanitation, django_capture_on_commit_callbacks):
    """Take in a case; what intake schedules after its commit (early warning) runs too,
    as it would outside the test's transaction."""

    def make(actor=SYSTEM, *, building=None, category=None, **kw):
        kw.setdefault("description", "楼道堆放垃圾，气味很大")
        kw.setdefault("source", "visit" if actor is not SYSTEM else "hotline")
        with django_capture_on_commit_callbacks(execute=True):
            return services.case_create(actor=actor, category=category or sanitation,
                                        building=building or place.building1, **kw)

    return make


@pytest.fixture
def api_as(client):
    """``api_as(user, base)``: a JSON client signed in with a fresh API token of ``user``."""
    from shequ.accounts.services import api_token_create

    def as_(user, base: str):
        _token, raw = api_token_create(actor=SYSTEM, user=user, name="t")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

        class C:
            def get(self, path, **q):
                return client.get(base + path, q, **auth)

            def post(self, path, body=None):
                return client.post(base + path, body or {}, content_type="application/json",
                                   **auth)

        return C()

    return as_
