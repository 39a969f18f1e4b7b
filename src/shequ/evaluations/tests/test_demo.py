"""The demo loader gives every demo login work in 干部联评 at the tiny scale."""

import pytest

from shequ.accounts.models import User
from shequ.evaluations import selectors
from shequ.evaluations.demo import generate_evaluations
from shequ.evaluations.models import Assessment, Commitment, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    from shequ.demo import generator

    generator.load(scale="tiny", seed=5)


def test_the_demo_logins_have_work(district):
    counts = generate_evaluations(seed=5)
    assert counts["evaluation_rounds"] == 3 and counts["responses"] > 0
    assert Assessment.objects.exists()                  # last period's results stored
    users = {u.username: u for u in User.objects.filter(username__in=[
        "community_staff", "unit_liaison", "party_member", "resident"])}
    staff = users["community_staff"]
    now_open = [r for r in selectors.round_list(actor=staff) if r.closes_at > r.opens_at
                and r.results_at is None]
    assert {r.kind for r in now_open} == {"two_way", "survey"}
    assert any(not p.rated for r in now_open if r.kind == "two_way"
               for p in selectors.pair_list(actor=staff, round=r))
    assert any(not i["done"] for i in selectors.my_rounds(users["unit_liaison"]))
    assert any(not i["done"] for i in selectors.my_rounds(users["resident"]))
    assert selectors.my_commitments(users["party_member"]).exists()
    states = {(c.state, c.period_end < c.created_at.date()) for c in Commitment.objects.all()}
    assert ("reported", True) in states or ("reported", False) in states
    assert selectors.commitment_list(actor=staff, overdue=True).exists() or \
        Commitment.objects.filter(state="published").exists()
    assert Round.objects.filter(kind="two_way").count() == 2
