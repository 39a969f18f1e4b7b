"""The talent pages as each user meets them: staff lists and forms, the post with its best
candidates and their score parts, the recruiter's own posts, the resident's portal page."""

import datetime as dt

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.talent import services
from shequ.talent.models import Profile

from .conftest import post_fields

pytestmark = pytest.mark.django_db


def test_staff_pages_open(client, staff, located, demand, alice_profile, tree, unit):
    s = services.session_add(actor=SYSTEM, community=tree.community, kind="help",
                             title="帮扶会", held_on=dt.date(2026, 12, 1))
    services.member_join(actor=SYSTEM, community=tree.community, unit=unit)
    client.force_login(staff)
    for name, args in [("talent:member-list", []), ("talent:member-join", []),
                       ("talent:session-list", []), ("talent:session-new", []),
                       ("talent:session-detail", [s.pk]), ("talent:demand-list", []),
                       ("talent:demand-new", []), ("talent:demand-edit", [demand.pk]),
                       ("talent:profile-list", []), ("talent:profile-new", []),
                       ("talent:profile-detail", [alice_profile.pk]),
                       ("talent:referral-list", [])]:
        page = client.get(reverse(name, args=args))
        assert page.status_code == 200, name
    detail = client.get(reverse("talent:demand-detail", args=[demand.pk])).content.decode()
    assert "王电工" in detail and 'data-testid="score-parts"' in detail


def test_refer_from_the_post_page_and_record_outcome(client, staff, recruiter, demand,
                                                     alice_profile):
    client.force_login(staff)
    url = reverse("talent:demand-refer", args=[demand.pk])
    client.post(url, {"profile": alice_profile.pk, "kind": "referral"})
    assert demand.referrals.count() == 1
    client.force_login(recruiter)
    ref = demand.referrals.get()
    client.post(reverse("talent:referral-step", args=[ref.pk]), {"state": "interviewed"})
    ref.refresh_from_db()
    assert ref.state == "interviewed"
    page = client.get(reverse("talent:demand-list")).content.decode()
    assert "电工" in page


def test_a_recruiter_sees_no_reserve(client, recruiter, demand, alice_profile):
    client.force_login(recruiter)
    assert client.get(reverse("talent:profile-list")).status_code == 404
    assert client.get(reverse("talent:profile-detail", args=[alice_profile.pk])
                      ).status_code == 404
    page = client.get(reverse("talent:demand-detail", args=[demand.pk])).content.decode()
    assert "王电工" not in page


def test_closed_post_refuses_referral_on_the_page(client, staff, demand, alice_profile):
    services.demand_close(actor=SYSTEM, demand=demand)
    client.force_login(staff)
    page = client.post(reverse("talent:demand-refer", args=[demand.pk]),
                       {"profile": alice_profile.pk, "kind": "referral"}, follow=True)
    assert "已关闭" in page.content.decode() or "closed" in page.content.decode()
    assert not demand.referrals.exists()


def test_resident_portal_profile(client, alice, unit, located):
    services.demand_create(actor=SYSTEM, unit=unit, **post_fields())
    client.force_login(alice.user)
    url = reverse("talent:me")
    assert client.get(url).status_code == 200
    data = {"skills": "电工", "education": "3", "experience_years": "2"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and not Profile.objects.exists()
    client.post(url, data | {"consent": "on"})
    profile = Profile.objects.get()
    assert profile.consented
    page = client.get(url).content.decode()
    assert 'data-testid="posts"' in page and "达州电力公司" in page
    client.post(reverse("talent:profile-withdraw", args=[profile.pk]), {"reason": ""})
    profile.refresh_from_db()
    assert not profile.consented
    assert 'data-testid="posts"' not in client.get(url).content.decode()


def test_staff_add_a_resident_with_consent(client, staff, bob):
    client.force_login(staff)
    url = reverse("talent:profile-new")
    data = {"resident": "李会计", "skills": "会计", "education": "5", "experience_years": "3",
            "consent": "on"}
    assert client.post(url, data).status_code == 400
    client.post(url, data | {"consent_note": "本人签字同意书"})
    assert Profile.objects.get().consent_note == "本人签字同意书"


def test_resident_has_no_staff_pages(client, alice):
    client.force_login(alice.user)
    for name in ("talent:member-list", "talent:demand-list", "talent:profile-list",
                 "talent:referral-list"):
        assert client.get(reverse(name)).status_code == 404, name
