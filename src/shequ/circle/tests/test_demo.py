"""The demo's service points: every community has its party-mass centre, some categories
have gaps, one point has no coordinates, and the circle is computed so the demo's staff see
coverage, gaps and candidates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shequ.accounts.models import User
from shequ.circle import selectors
from shequ.circle.models import BuildingCoverage, CoverageRun, ServicePoint
from shequ.territory.models import Area
from shequ.testing.demo import tiny_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), tiny_demo():
        yield


@pytest.mark.django_db
def test_the_demo_has_points_gaps_and_an_unlocated_point(demo):
    communities = Area.objects.filter(kind="community").count()
    assert ServicePoint.objects.filter(category="party_mass").count() == communities
    assert ServicePoint.objects.filter(lat__isnull=True).count() == 1
    assert CoverageRun.objects.exists()
    assert BuildingCoverage.objects.filter(covered=True).exists()
    assert BuildingCoverage.objects.filter(covered=False).exists()


@pytest.mark.django_db
def test_the_demo_staff_see_a_real_picture(demo, client):
    staff = User.objects.get(username="community_staff")
    assert selectors.coverage_by_community(actor=staff)
    client.force_login(staff)
    page = client.get(reverse("circle:coverage")).content.decode()
    assert 'data-testid="coverage-table"' in page and 'data-testid="run"' in page
