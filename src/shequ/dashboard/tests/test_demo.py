"""The demo gives every dashboard reader real figures, a map to draw and a warm cache."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shequ.accounts.models import User
from shequ.dashboard.models import FigureCache
from shequ.territory.models import Area
from shequ.testing.demo import tiny_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), tiny_demo():
        yield


def _client(username):
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


@pytest.mark.parametrize("username", ["district_admin", "street_admin", "community_staff",
                                      "grid_worker", "supervisor"])
def test_every_dashboard_login_sees_figures(demo, db, username):
    c = _client(username)
    r = c.get(reverse("dashboard:home"), follow=True)
    assert r.status_code == 200
    assert any(row["total"] for row in r.context["figures"])


def test_the_demo_draws_every_grid_and_fills_the_cache(demo, db):
    assert not Area.objects.filter(kind="grid", polygon=None).exists()
    assert FigureCache.objects.filter(figure="registry.residents").exists()
    district = Area.objects.get(kind="district")
    c = _client("district_admin")
    geo = c.get(reverse("dashboard:screen-geo", args=[district.pk])).json()
    assert len(geo["features"]) == Area.objects.filter(kind="grid").count()
    data = c.get(reverse("dashboard:screen-data", args=[district.pk]),
                 {"figure": "registry.residents"}).json()
    assert sum(m["value"] for m in data["map"]) == data["headlines"][0]["total"] > 0
