"""双报到: one active registration per member, only where they live, logs confirmed by the
community earn points, the unit report and the not-reported list; 区域兜底."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.members import selectors, services
from shequ.members.models import DualRegistration
from shequ.testing.factories import Tree
from shequ.volunteers.models import PointsAccount

from .conftest import make_member


def test_member_registers_with_home_community(member, tree, post):
    reg = services.dual_register(actor=member.resident.user, member=member,
                                 community=tree.community, posts=[post])
    assert reg.is_active and list(reg.posts.all()) == [post] and reg.unit_id == member.unit_id


def test_second_active_registration_is_refused(member, tree):
    services.dual_register(actor=member.resident.user, member=member, community=tree.community)
    with pytest.raises(Conflict) as err:
        services.dual_register(actor=member.resident.user, member=member,
                               community=tree.community)
    assert err.value.code == "already_registered"
    assert DualRegistration.objects.filter(member=member).count() == 1


def test_database_refuses_two_active_registrations(member, tree):
    services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    with pytest.raises(IntegrityError), transaction.atomic():
        DualRegistration.objects.create(member=member, unit_id=member.unit_id,
                                        community=tree.community, path=member.path)


def test_after_ending_a_member_may_register_again(member, tree):
    reg = services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    services.dual_end(actor=member.resident.user, registration=reg, reason="搬家")
    again = services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    assert again.pk != reg.pk


def test_registering_elsewhere_than_home_is_refused(member):
    other = Tree()
    with pytest.raises(DomainError) as err:
        services.dual_register(actor=member.resident.user, member=member,
                               community=other.community)
    assert err.value.code == "not_home_community"


def test_members_without_a_unit_do_not_dual_report(tree, orgs):
    m = make_member(tree.household1, "退休党员", orgs["community"], unit=None)
    with pytest.raises(DomainError) as err:
        services.dual_register(actor=m.resident.user, member=m, community=tree.community)
    assert err.value.code == "not_in_service"


def test_confirmed_log_earns_points_and_counts_in_report(member, colleague, tree, post, staff,
                                                          unit, liaison):
    # given a registered member who logs 2.5 hours
    reg = services.dual_register(actor=SYSTEM, member=member, community=tree.community,
                                 posts=[post])
    log = services.service_log_create(actor=member.resident.user, registration=reg,
                                      served_on=timezone.localdate(), hours="2.5",
                                      description="宣讲政策", post=post)
    # when staff confirm it
    _log, entry = services.service_log_decide(actor=staff, log=log, confirm=True)
    # then 25 points are credited at the 双报到 rate
    assert entry.amount == 25
    assert PointsAccount.objects.get(resident=member.resident).balance == 25
    # and the unit's liaison sees the member's hours and the colleague as not reported
    today = timezone.localdate()
    unit_, rows = selectors.unit_report(liaison, unit_id=unit.pk, start=today, end=today)
    by_name = {r["name"]: r for r in rows}
    assert by_name["党员甲"]["hours"] == 2.5 and by_name["党员甲"]["posts"] == ["政策宣传"]
    assert [r["name"] for r in selectors.not_reported(rows)] == ["党员乙"]
    with pytest.raises(Conflict):
        services.service_log_decide(actor=staff, log=log, confirm=True)


def test_another_units_liaison_cannot_read_the_report(unit, tree):
    from shequ.testing import factories
    stranger = factories.user("unit_liaison", Tree().community)
    with pytest.raises(NotFound):
        selectors.unit_report(stranger, unit_id=unit.pk, start=dt.date(2026, 1, 1),
                              end=dt.date(2026, 1, 31))


def test_monthly_reports_command(member, tree, unit):
    from django.core.management import call_command
    services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    call_command("dual_report", "--month", "2026-01")
    report = unit.__class__.objects.get(pk=unit.pk)
    from shequ.members.models import UnitReport
    saved = UnitReport.objects.get(unit=report)
    assert (saved.members, saved.registered, saved.reported) == (1, 1, 0)


def test_fallback_attach_and_list(tree, orgs, staff):
    scattered = make_member(tree.household2, "流动党员", orgs["community"])
    with pytest.raises(DomainError):
        services.fallback_attach(actor=staff, member=scattered, org=orgs["community"],
                                 reason="组织关系不明")
    services.fallback_attach(actor=staff, member=scattered, org=orgs["fallback"],
                             reason="组织关系不明")
    assert [m.pk for m in selectors.fallback_members(actor=staff)] == [scattered.pk]
    with pytest.raises(Conflict):
        services.fallback_attach(actor=staff, member=scattered, org=orgs["fallback"],
                                 reason="again")


def test_pages(client, member, tree, post, staff, unit, liaison):
    client.force_login(member.resident.user)
    client.post(reverse("members:me"), {"what": "register", "posts": [post.pk]})
    assert DualRegistration.objects.filter(member=member, is_active=True).exists()
    client.post(reverse("members:me"), {"what": "log", "served_on": timezone.localdate(),
                                        "hours": "1.5", "description": "文明劝导"})
    client.force_login(staff)
    page = client.get(reverse("members:overview")).content.decode()
    assert "文明劝导" in page
    assert client.get(reverse("members:fallback")).status_code == 200
    client.post(reverse("members:post-new"), {"community": tree.community.pk, "name": "邻里调解"})
    assert "邻里调解" in client.get(reverse("members:overview")).content.decode()
    client.force_login(liaison)
    units = client.get(reverse("members:unit-list")).content.decode()
    assert f'data-unit="{unit.pk}"' in units
    report = client.get(reverse("members:unit-report", args=[unit.pk])).content.decode()
    assert "党员甲" in report
    csv = client.get(reverse("members:unit-report", args=[unit.pk]) + "?format=csv")
    assert "党员甲" in csv.content.decode()
    client.force_login(member.resident.user)
    assert client.get(reverse("members:unit-report", args=[unit.pk])).status_code == 404


def test_a_member_moving_house_takes_membership_and_registration_along(member, tree, post):
    """Rows reached through the resident (member → resident) follow a household move, so
    the new grid's staff see them and the old grid's do not."""
    from shequ.registry import services as registry_services
    from shequ.registry.models import PartyMember

    # given
    registration = services.dual_register(actor=SYSTEM, member=member,
                                          community=tree.community, posts=[post])
    # when
    registry_services.resident_update(actor=SYSTEM, resident=member.resident,
                                      household=tree.household2)
    # then
    registration.refresh_from_db()
    assert registration.path == tree.household2.path
    assert PartyMember.objects.get(pk=member.pk).path == tree.household2.path


def test_a_full_post_is_refused_and_a_freed_place_can_be_taken(member, colleague, tree, staff):
    # given a post with one place, taken by the first member
    one_place = services.post_create(actor=staff, community=tree.community, name="助老服务岗",
                                     capacity=1)
    first = services.dual_register(actor=SYSTEM, member=member, community=tree.community,
                                   posts=[one_place])
    # when a second member asks for it
    with pytest.raises(Conflict) as refused:
        services.dual_register(actor=SYSTEM, member=colleague, community=tree.community,
                               posts=[one_place])
    # then: refused naming the post, and nothing half-registered
    assert refused.value.code == "post_full" and "助老服务岗" in str(refused.value.message)
    assert not DualRegistration.objects.filter(member=colleague).exists()
    # the holder may keep it when changing posts; once they end, the place is free again
    services.dual_posts_set(actor=SYSTEM, registration=first, posts=[one_place])
    services.dual_end(actor=SYSTEM, registration=first, reason="搬家")
    services.dual_register(actor=SYSTEM, member=colleague, community=tree.community,
                           posts=[one_place])


def test_the_member_is_told_of_the_decision_on_their_service(member, tree, post, staff):
    from shequ.notices.models import Notification

    reg = services.dual_register(actor=SYSTEM, member=member, community=tree.community,
                                 posts=[post])
    log = services.service_log_create(actor=member.resident.user, registration=reg,
                                      served_on=timezone.localdate(), hours="1",
                                      description="宣讲政策", post=post)
    services.service_log_decide(actor=staff, log=log, confirm=False)
    note = Notification.objects.get(user=member.resident.user, kind="dual_registration")
    assert note.urgency == "normal" and "宣讲政策" in note.body
