"""Linking and unlinking a unit's liaison accounts on the page."""

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.members.models import UnitLiaison
from shequ.organizations import services as org_services
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(tree):
    return org_services.unit_create(actor=SYSTEM, name="医院", credit_code="91350100M000100Y43",
                                    kind="institution", area=tree.community)


def test_staff_link_and_unlink_a_liaison(client, staff, tree, hospital):
    liaison = factories.user("unit_liaison", tree.community, username="yiyuan")
    client.force_login(staff)
    url = reverse("members:unit-liaisons", args=[hospital.pk])
    assert client.post(url, {"op": "link", "username": "yiyuan"}).status_code == 302
    assert UnitLiaison.objects.filter(user=liaison, unit=hospital).exists()
    assert "yiyuan" in client.get(url).content.decode()
    client.post(url, {"op": "unlink", "user_id": liaison.pk})
    assert not UnitLiaison.objects.exists()
    # an account outside the area is not found, and nothing is linked
    factories.user("unit_liaison", factories.Tree().community, username="waibu")
    page = client.post(url, {"op": "link", "username": "waibu"}, follow=True).content.decode()
    assert not UnitLiaison.objects.exists() and "waibu" not in page.split("link-form")[0]


def test_grid_workers_cannot_manage_liaisons(client, grid_worker, hospital):
    client.force_login(grid_worker)
    assert client.get(reverse("members:unit-liaisons", args=[hospital.pk])).status_code == 404
