"""Staff register an in-service party member for 双报到 on their behalf (the counter case):
a page listing who has not registered, a form with the home community's posts, and the same
service over the API — scoped to the staff member's area and audited as on behalf."""

import json

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.members import services
from shequ.members.models import DualRegistration
from shequ.testing import factories

API = "/api/v1/members/registrations"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_see_unregistered_in_service_members_and_register_one(
        staff_client, staff, member, colleague, post):
    """The candidates page lists in-service members without a registration; registering
    one with a post creates the registration and an audit row marked on behalf."""
    # given a colleague who registered already
    services.dual_register(actor=SYSTEM, member=colleague, community=post.community)
    # when staff open the candidates page
    page = staff_client.get(reverse("members:registration-candidates"))
    # then only the member still to register is offered
    assert [m.pk for m in page.context["candidates"]] == [member.pk]
    # when they register that member with a post
    url = reverse("members:registration-new", args=[member.pk])
    assert post.name in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"posts": [post.pk]})
    # then the registration exists, with the post, audited as done by staff on behalf
    assert response.status_code == 302
    reg = DualRegistration.objects.get(member=member, is_active=True)
    assert list(reg.posts.all()) == [post]
    event = AuditEvent.objects.get(action="dual_register", entity_id=str(member.pk))
    assert event.actor == staff and event.after["on_behalf"] is True


def test_staff_register_refusals_write_nothing(staff_client, member, colleague, post):
    """A full post, or a member already registered, is refused with a message on the form
    and nothing is written."""
    # given a post with one place, taken by the colleague
    services.post_update(actor=SYSTEM, post=post, name=post.name, capacity=1)
    services.dual_register(actor=SYSTEM, member=colleague, community=post.community,
                           posts=[post])
    url = reverse("members:registration-new", args=[member.pk])
    # when staff register the member on the full post
    full = staff_client.post(url, {"posts": [post.pk]})
    # then the post's error is on the form and the member stays unregistered
    assert full.status_code == 400
    assert full.context["form"].errors["posts"] == [f"岗位“{post.name}”已满员。"]
    assert not DualRegistration.objects.filter(member=member).exists()
    # when the colleague, already registered, is registered again
    again = staff_client.post(reverse("members:registration-new", args=[colleague.pk]), {})
    # then that is refused too
    assert again.status_code == 400
    assert again.context["form"].errors["__all__"]
    assert DualRegistration.objects.count() == 1


def test_staff_cannot_register_members_outside_their_area(client, member, post):
    """Staff of another community get a 404 for a member they do not cover, on the page
    and over the API, and nothing is written."""
    # given staff of another community
    outsider = factories.user("community_staff", factories.Tree().community)
    client.force_login(outsider)
    # when they try to register the member
    page = client.post(reverse("members:registration-new", args=[member.pk]),
                       {"posts": [post.pk]})
    api = client.post(API, json.dumps({"member": member.pk, "posts": [post.pk]}),
                      content_type="application/json")
    # then both doors say not found
    assert page.status_code == 404
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    assert not DualRegistration.objects.exists()


def test_a_grid_worker_has_no_register_form(client, grid_worker, member):
    client.force_login(grid_worker)
    assert client.get(reverse("members:registration-candidates")).status_code == 404
    assert client.get(reverse("members:registration-new", args=[member.pk])).status_code == 404


def test_staff_register_a_member_over_the_api(client, staff, member, post):
    """POST registrations with ``member`` registers them on their behalf (201); a second
    time is 409 already_registered."""
    # given staff signed in
    client.force_login(staff)
    # when they register the member over the API
    response = client.post(API, json.dumps({"member": member.pk, "posts": [post.pk]}),
                           content_type="application/json")
    again = client.post(API, json.dumps({"member": member.pk, "posts": []}),
                        content_type="application/json")
    # then the registration is created once
    assert response.status_code == 201, response.json()
    assert response.json()["member"] == member.pk
    assert [p["id"] for p in response.json()["posts"]] == [post.pk]
    assert again.status_code == 409 and again.json()["code"] == "already_registered"
    assert DualRegistration.objects.filter(member=member).count() == 1


def test_the_candidates_page_costs_the_same_queries_for_more_members(
        staff_client, tree, orgs, unit):
    """No query per listed member: 2 and 8 candidates cost the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.members.tests.conftest import make_member

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = staff_client.get(reverse("members:registration-candidates"))
        assert page.status_code == 200
        return len(ctx.captured_queries), len(page.context["candidates"])

    for i in range(2):
        make_member(tree.household1, f"党员{i}", orgs["community"], unit)
    few, shown_few = count()
    for i in range(2, 8):
        make_member(tree.household2, f"党员{i}", orgs["community"], unit)
    many, shown_many = count()
    assert (shown_few, shown_many) == (2, 8)
    assert few == many
