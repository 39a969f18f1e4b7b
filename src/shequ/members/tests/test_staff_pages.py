"""Staff pages of 双报到: service posts (new, edit, withdraw) and the register of
registrations (filters, pages, downloads, ending one with a reason). Refusals write
nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.members import services
from shequ.members.models import DualRegistration, ServicePost
from shequ.territory import services as territory_services
from shequ.testing import factories


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_add_and_edit_a_post(staff_client, staff, tree):
    response = staff_client.post(reverse("members:post-new"), {
        "community": tree.community.pk, "name": "文明劝导", "description": "周末劝导",
        "capacity": "5"})
    assert response.url == reverse("members:post-list")
    post = ServicePost.objects.get(name="文明劝导")
    assert post.capacity == 5
    url = reverse("members:post-edit", args=[post.pk])
    staff_client.post(url, {"name": "文明劝导员", "description": "", "capacity": ""})
    post.refresh_from_db()
    assert (post.name, post.capacity, post.is_active) == ("文明劝导员", None, False)
    assert AuditEvent.objects.filter(entity="service_post", action="update",
                                     actor=staff).exists()


def test_post_form_refusals_write_nothing(staff_client, tree, post):
    url = reverse("members:post-new")
    # a duplicate name in the community
    response = staff_client.post(url, {"community": tree.community.pk, "name": post.name})
    assert response.status_code == 400 and ServicePost.objects.count() == 1
    # zero places
    response = staff_client.post(url, {"community": tree.community.pk, "name": "新岗",
                                       "capacity": "0"})
    assert response.status_code == 400 and ServicePost.objects.count() == 1
    # renaming onto another post's name
    other = services.post_create(actor=SYSTEM, community=tree.community, name="邻里调解")
    response = staff_client.post(reverse("members:post-edit", args=[other.pk]),
                                 {"name": post.name, "is_active": "on"})
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.name == "邻里调解"


def test_a_withdrawn_post_cannot_be_picked(member, tree, post, staff_client):
    staff_client.post(reverse("members:post-edit", args=[post.pk]), {"name": post.name})
    from shequ.core.errors import DomainError
    with pytest.raises(DomainError):
        services.dual_register(actor=member.resident.user, member=member,
                               community=tree.community, posts=[post])
    assert not DualRegistration.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "grid_worker", "party_member"])
def test_other_roles_cannot_change_posts(client, tree, post, role):
    area = tree.grid1 if role == "grid_worker" else tree.community
    client.force_login(factories.user(role, area))
    assert client.post(reverse("members:post-new"), {
        "community": tree.community.pk, "name": "x"}).status_code == 404
    status = client.post(reverse("members:post-edit", args=[post.pk]),
                         {"name": "x", "is_active": "on"}).status_code
    assert status == (403 if role == "supervisor" else 404)
    assert list(ServicePost.objects.values_list("name", flat=True)) == ["政策宣传"]


def test_registrations_filter_download_and_end(staff_client, member, colleague, tree, post):
    for m in (member, colleague):
        services.dual_register(actor=m.resident.user, member=m, community=tree.community,
                               posts=[post])
    url = reverse("members:registration-list")
    page = staff_client.get(url, {"q": "党员甲"}).content.decode()
    assert "党员甲" in page and "党员乙" not in page
    xlsx = staff_client.get(url, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert sorted(r[0] for r in rows[1:]) == ["党员乙", "党员甲"] and rows[1][3] == "政策宣传"
    reg = DualRegistration.objects.get(member=member)
    end = reverse("members:registration-end", args=[reg.pk])
    staff_client.post(end, {"reason": ""})
    reg.refresh_from_db()
    assert reg.is_active
    staff_client.post(end, {"reason": "搬家"})
    reg.refresh_from_db()
    assert (reg.is_active, reg.end_reason) == (False, "搬家")
    page = staff_client.get(url, {"active": "0"}).content.decode()
    assert "党员甲" in page and "党员乙" not in page


def test_registrations_of_another_community_are_not_shown_or_ended(client, member, tree):
    reg = services.dual_register(actor=member.resident.user, member=member,
                                 community=tree.community)
    other = factories.Tree()
    client.force_login(factories.user("community_staff", other.community))
    assert "党员甲" not in client.get(reverse("members:registration-list")).content.decode()
    end = reverse("members:registration-end", args=[reg.pk])
    assert client.post(end, {"reason": "x"}).status_code == 404
    reg.refresh_from_db()
    assert reg.is_active


def test_registration_follows_a_building_move(member, tree, post, staff):
    reg = services.dual_register(actor=member.resident.user, member=member,
                                 community=tree.community, posts=[post])
    log = services.service_log_create(actor=member.resident.user, registration=reg,
                                      served_on=reg.registered_at.date(), hours=2,
                                      description="宣传垃圾分类")
    worker1 = factories.user("community_staff", tree.grid1)
    worker2 = factories.user("community_staff", tree.grid2)
    from shequ.members import selectors
    assert [r.pk for r in selectors.registration_list(actor=worker1)] == [reg.pk]
    # when the member's building moves to grid 2
    territory_services.building_move(actor=SYSTEM, building=tree.household1.entrance.building,
                                     grid=tree.grid2)
    # then the registration and the log are listed under grid 2 only
    assert not selectors.registration_list(actor=worker1).exists()
    assert [r.pk for r in selectors.registration_list(actor=worker2)] == [reg.pk]
    assert [r.pk for r in selectors.log_queue(actor=worker2)] == [log.pk]


def test_fallback_attach_by_name_search(staff_client, tree, orgs):
    from shequ.members.models import FallbackAttachment
    from shequ.members.tests.conftest import make_member
    scattered = make_member(tree.household2, "流动党员", orgs["community"])
    url = reverse("members:fallback")
    page = staff_client.get(url, {"q": "流动"}).content.decode()
    assert f'data-member="{scattered.pk}"' in page
    # a reason is required; nothing is attached without one
    staff_client.post(url, {"member": scattered.pk, "org": orgs["fallback"].pk, "reason": ""})
    assert not FallbackAttachment.objects.exists()
    staff_client.post(url, {"member": scattered.pk, "org": orgs["fallback"].pk,
                            "reason": "原单位撤销，组织关系不明"})
    assert FallbackAttachment.objects.get().member == scattered
    page = staff_client.get(url, {"q": "流动"}).content.decode()
    assert f'data-member="{scattered.pk}"' not in page  # attached: no longer a candidate


def test_registration_list_queries_do_not_grow_with_rows(staff_client, tree, orgs, unit, post):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.members.tests.conftest import make_member

    def add(n, start):
        for i in range(start, start + n):
            m = make_member(tree.household2, f"党员{i:02d}", orgs["community"], unit)
            services.dual_register(actor=SYSTEM, member=m, community=tree.community, posts=[post])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            staff_client.get(reverse("members:registration-list"))
        return len(ctx.captured_queries)

    add(2, 0)
    few = count()
    add(8, 2)
    assert count() == few
