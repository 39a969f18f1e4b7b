"""The territory set-up page: a street administrator adds, renames and retires areas,
adds housing and uploads a boundary; refusals come back as field errors; others get 404."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shequ.territory.models import Area, Building, Compound
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, tree):
    client.force_login(factories.user("street_admin", tree.street))
    return client


def url(area):
    return reverse("territory:area-setup", args=[area.pk])


def test_the_street_page_adds_renames_and_retires_communities(admin_client, tree):
    page = admin_client.get(url(tree.street)).content.decode()
    assert tree.community.name in page and 'data-testid="child-form"' in page
    # a street admin does not rename their own street: no edit form there
    assert 'data-testid="edit-form"' not in page
    r = admin_client.post(url(tree.street), {"op": "child", "name": "北门社区",
                                             "code": f"{tree.street.code}002"})
    assert r.status_code == 302
    new = Area.objects.get(name="北门社区")
    r = admin_client.post(url(new), {"op": "edit", "name": "北门新社区", "code": new.code})
    assert r.status_code == 302 and Area.objects.get(pk=new.pk).name == "北门新社区"
    r = admin_client.post(url(tree.street), {"op": "retire", "child": new.pk})
    assert r.status_code == 302 and not Area.objects.filter(pk=new.pk).exists()


def test_refusals_show_next_to_the_field(admin_client, tree):
    r = admin_client.post(url(tree.street), {"op": "child", "name": "错社区", "code": "123"})
    assert r.status_code == 400
    assert 'data-testid="field-error"' in r.content.decode()
    assert not Area.objects.filter(name="错社区").exists()
    r = admin_client.post(url(tree.street), {"op": "retire", "child": tree.community.pk})
    assert r.status_code == 400 and 'data-testid="retire-error"' in r.content.decode()


def test_a_grid_gets_housing_a_boundary_and_a_move(admin_client, tree):
    r = admin_client.post(url(tree.grid1), {"op": "compound", "name": "新华苑"})
    assert r.status_code == 302
    compound = Compound.objects.get(name="新华苑")
    r = admin_client.post(url(tree.grid1), {"op": "building", "compound": compound.pk,
                                            "name": "1栋", "lat": "31.2", "lng": "107.5"})
    assert r.status_code == 302
    b = Building.objects.get(compound=compound, name="1栋")
    r = admin_client.post(url(tree.grid1), {"op": "building", "name": "2栋", "lat": "95",
                                            "lng": "107"})
    assert r.status_code == 400
    square = {"type": "Polygon", "coordinates": [[[107.5, 31.2], [107.51, 31.2],
                                                  [107.51, 31.21], [107.5, 31.2]]]}
    upload = SimpleUploadedFile("g.geojson", json.dumps(square).encode(), "application/json")
    r = admin_client.post(url(tree.grid1), {"op": "boundary", "boundary": upload})
    assert r.status_code == 302
    r = admin_client.post(url(tree.grid1), {"op": "move", "building": b.pk, "grid": tree.grid2.pk})
    assert r.status_code == 302 and Building.objects.get(pk=b.pk).grid_id == tree.grid2.pk
    bad = SimpleUploadedFile("g.geojson", b"{\"type\": \"Point\"}", "application/json")
    r = admin_client.post(url(tree.grid1), {"op": "boundary", "boundary": bad})
    assert r.status_code == 400


def test_staff_and_outsiders_get_404(client, tree, staff):
    client.force_login(staff)
    assert client.get(url(tree.community)).status_code == 404
    # the area page offers no set-up link to community staff
    assert 'data-testid="setup-link"' not in client.get(
        reverse("territory:area", args=[tree.community.pk])).content.decode()
    other = factories.Tree()
    client.force_login(factories.user("street_admin", other.street))
    assert client.get(url(tree.street)).status_code == 404
