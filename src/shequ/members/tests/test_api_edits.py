"""双报到 edits over the JSON API: editing a service post, changing a registration's posts
and ending it, with the pages' refusals (403 role, 404 scope, 400 field, 409 state) and
nothing written on a refusal."""

import json

import pytest

from shequ.core.actors import SYSTEM
from shequ.members import services
from shequ.members.models import DualRegistration, ServicePost
from shequ.testing import factories

API = "/api/v1/members"


def send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        client.handler.enforce_csrf_checks = False
        return client
    return as_user


@pytest.fixture
def supervisor(tree):
    return factories.user("supervisor", tree.community)


@pytest.fixture
def outsider():
    return factories.user("community_staff", factories.Tree().community)


@pytest.fixture
def registration(member, tree, post):
    return services.dual_register(actor=member.resident.user, member=member,
                                  community=tree.community, posts=[post])


def test_staff_edit_a_post(api, staff, post):
    r = send(api(staff), "patch", f"{API}/posts/{post.pk}", {"capacity": 3, "name": "宣讲"})
    assert r.status_code == 200, r.content
    assert (r.json()["name"], r.json()["capacity"], r.json()["is_active"]) == ("宣讲", 3, True)
    # an explicit null lifts the limit; an omitted field keeps its value
    r = send(api(staff), "patch", f"{API}/posts/{post.pk}", {"capacity": None})
    assert (r.json()["name"], r.json()["capacity"]) == ("宣讲", None)


def test_post_edit_refusals_write_nothing(api, staff, supervisor, outsider, post, tree):
    url = f"{API}/posts/{post.pk}"
    assert send(api(supervisor), "patch", url, {"name": "x"}).status_code == 403
    assert send(api(outsider), "patch", url, {"name": "x"}).status_code == 404
    r = send(api(staff), "patch", url, {"name": "x", "capacity": 0})
    assert (r.status_code, r.json()["field"]) == (400, "capacity")
    r = send(api(staff), "patch", url, {"name": ""})
    assert (r.status_code, r.json()["field"]) == (400, "name")
    services.post_create(actor=staff, community=tree.community, name="环境整治")
    r = send(api(staff), "patch", url, {"name": "环境整治"})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (409, "duplicate", "name")
    post.refresh_from_db()
    assert (post.name, post.capacity) == ("政策宣传", None)


def test_staff_change_posts_then_end_a_registration(api, staff, registration, tree):
    other = services.post_create(actor=staff, community=tree.community, name="环境整治")
    url = f"{API}/registrations/{registration.pk}"
    r = send(api(staff), "post", f"{url}/posts", {"posts": [other.pk]})
    assert r.status_code == 200, r.content
    assert [p["name"] for p in r.json()["posts"]] == ["环境整治"]
    r = send(api(staff), "post", f"{url}/end", {"reason": "搬家"})
    assert (r.status_code, r.json()["is_active"]) == (200, False)
    # ending twice, or changing an ended registration, is a conflict
    assert send(api(staff), "post", f"{url}/end", {"reason": "x"}).status_code == 409
    r = send(api(staff), "post", f"{url}/posts", {"posts": []})
    assert (r.status_code, r.json()["code"]) == (409, "ended")


def test_registration_refusals_write_nothing(api, staff, supervisor, outsider, registration,
                                             post, tree):
    url = f"{API}/registrations/{registration.pk}"
    assert send(api(supervisor), "post", f"{url}/end", {"reason": "x"}).status_code == 403
    assert send(api(outsider), "post", f"{url}/end", {"reason": "x"}).status_code == 404
    assert send(api(outsider), "post", f"{url}/posts", {"posts": []}).status_code == 404
    r = send(api(staff), "post", f"{url}/end", {})
    assert (r.status_code, r.json()["field"]) == (400, "reason")
    r = send(api(staff), "post", f"{url}/posts", {"posts": [999999]})
    assert (r.status_code, r.json()["field"]) == (400, "posts")
    elsewhere = services.post_create(actor=SYSTEM, community=factories.Tree().community,
                                     name="别处")
    r = send(api(staff), "post", f"{url}/posts", {"posts": [elsewhere.pk]})
    assert (r.status_code, r.json()["field"]) == (400, "posts")
    registration.refresh_from_db()
    assert registration.is_active and list(registration.posts.all()) == [post]


def test_a_full_post_is_a_conflict(api, staff, registration, colleague, tree):
    full = services.post_create(actor=staff, community=tree.community, name="楼栋长",
                                capacity=1)
    services.dual_register(actor=colleague.resident.user, member=colleague,
                           community=tree.community, posts=[full])
    r = send(api(staff), "post", f"{API}/registrations/{registration.pk}/posts",
             {"posts": [full.pk]})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (409, "post_full", "posts")
    assert DualRegistration.objects.get(pk=registration.pk).posts.get().name == "政策宣传"
    assert ServicePost.objects.get(pk=full.pk).registrations.count() == 1


def test_a_member_registers_with_posts_and_sees_them(api, member, post):
    r = send(api(member.resident.user), "post", f"{API}/registrations", {"posts": [post.pk]})
    assert r.status_code == 201, r.content
    assert r.json()["posts"] == [{"id": post.pk, "community": post.community_id,
                                  "name": "政策宣传", "description": ""}]
