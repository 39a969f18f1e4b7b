"""The demo loader: dues with arrears for every member, a transfer waiting, a post."""

import pytest
from django.urls import reverse

from shequ.membership import selectors
from shequ.membership.demo import generate_membership
from shequ.membership.models import BranchPost, DuesProfile, Transfer
from shequ.registry.models import PartyMember

pytestmark = pytest.mark.django_db


def test_demo_gives_the_logins_work(client):
    from django.contrib.auth import get_user_model

    from shequ.demo import generator
    generator.load(scale="tiny", seed=5)
    counts = generate_membership(seed=5)
    assert counts["dues_profiles"] == PartyMember.objects.count() > 0
    assert Transfer.objects.filter(state="sent").count() == 1
    assert BranchPost.objects.count() >= 1
    users = {u.username: u for u in get_user_model().objects.all()}
    member = users["party_member"].resident.membership
    assert DuesProfile.objects.get(member=member).monthly_amount > 0
    staff = users["community_staff"]
    assert selectors.transfer_list(actor=staff, state="sent").count() == 1
    assert any(selectors.arrears(actor=staff, org=o) for o in selectors.branch_list(actor=staff))
    assert selectors.post_list(actor=staff).exists()
    client.force_login(users["party_member"])
    page = client.get(reverse("membership:my-dues"), follow=True).content.decode()
    assert "unpaid" in page or "未交" in page
    assert "党费收缴" in client.get(reverse("membership:my-posts")).content.decode()
    client.force_login(staff)
    assert "党组字" in client.get(reverse("membership:transfer-list")).content.decode()
