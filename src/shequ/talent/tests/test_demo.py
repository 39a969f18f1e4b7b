"""The talent demo at tiny scale: every demo login has work in the module."""

import pytest

from shequ.accounts.models import User
from shequ.talent import selectors
from shequ.talent.demo import generate_talent
from shequ.talent.models import FollowUp, Profile, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    from shequ.demo import generator

    generator.load(scale="tiny", seed=5)


def test_demo_gives_each_login_work(district):
    counts = generate_talent(seed=5)
    assert counts["alliance_members"] and counts["help_sessions"] and counts["demands"]
    assert counts["talent_profiles"] >= 20
    states = set(Referral.objects.values_list("state", flat=True))
    assert states == {"referred", "interviewed", "hired", "declined"}
    staff = User.objects.get(username="community_staff")
    assert FollowUp.objects.filter(owner=staff, done_at__isnull=True).exists()
    assert selectors.member_list(actor=staff).exists()
    # the liaison recruits for a unit whose referrals wait for an outcome
    liaison = User.objects.get(username="unit_liaison")
    assert selectors.referral_list(actor=liaison, state="referred").exists()
    # the resident has a consenting profile with completed training and posts to look at
    resident = User.objects.get(username="resident")
    mine = selectors.my_profile(resident)
    assert mine.consented and selectors.posts_for(profile=mine)
    assert selectors.completed_training(mine.resident)
    assert selectors.referral_list(actor=resident).filter(state="interviewed").exists()
    trained = Profile.objects.filter(consented=True).select_related("resident")[:200]
    assert sum(bool(selectors.completed_training(p.resident)) for p in trained) >= 3
    # every stored score agrees with the matching code
    r = Referral.objects.select_related("demand", "profile").first()
    assert r.score == selectors.score_of(r.demand, r.profile)["score"]
