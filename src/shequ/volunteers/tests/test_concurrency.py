"""Two redemptions at the same moment: of the last unit of a reward, or of a person's last
points. Exactly one succeeds, the other is refused, and the ledger still adds up. Runs on
SQLite and on PostgreSQL (CI runs both); each thread uses its own database connection."""

import pytest
from django.db.models import Sum

from shequ.core.errors import Conflict
from shequ.volunteers import services
from shequ.volunteers.models import PointsAccount, PointsEntry, Redemption, Reward
from shequ.volunteers.tests.racing import race

# Transactional tests flush the database; serialized_rollback restores what the data
# migrations seeded (skills, rates…) for the tests that run afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def balanced(*residents):
    for r in residents:
        account = PointsAccount.objects.get(resident=r)
        total = PointsEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
        assert account.balance == (total or 0) >= 0


@pytest.mark.parametrize("rounds", range(3))
def test_two_people_redeem_the_last_item_one_wins(rounds, transactional_db, alice, carol, staff, place,
                                                    earn):
    # given two residents with plenty of points and one unit left of a reward
    earn(alice, hours=5)
    earn(carol, hours=5)
    reward = services.reward_create(actor=staff, community=place.community, name="最后一袋米",
                                    kind="item", cost=10, stock=1)
    # when both redeem it at the same moment
    results = race(
        lambda: services.points_redeem(actor=alice.user, resident=alice, reward=reward),
        lambda: services.points_redeem(actor=carol.user, resident=carol, reward=reward),
    )
    # then exactly one got it, the other was told it is out of stock
    wins = [r for r in results if isinstance(r, Redemption)]
    refusals = [r for r in results if isinstance(r, Conflict)]
    assert (len(wins), len(refusals)) == (1, 1), results
    assert refusals[0].code == "out_of_stock"
    assert Reward.objects.get(pk=reward.pk).stock == 0
    assert Redemption.objects.count() == 1
    # and only the winner paid
    assert sorted(PointsAccount.objects.values_list("balance", flat=True)) == [40, 50]
    balanced(alice, carol)


@pytest.mark.parametrize("rounds", range(3))
def test_one_person_spends_the_last_points_twice_at_once(rounds, transactional_db, alice, staff, place,
                                                       earn):
    # given exactly enough points for one of two rewards
    earn(alice, hours=1)
    r1 = services.reward_create(actor=staff, community=place.community, name="毛巾",
                                kind="item", cost=10, stock=5)
    r2 = services.reward_create(actor=staff, community=place.community, name="牙膏",
                                kind="item", cost=10, stock=5)
    # when two redemptions (two phones) go through at the same moment
    results = race(
        lambda: services.points_redeem(actor=alice.user, resident=alice, reward=r1),
        lambda: services.points_redeem(actor=alice.user, resident=alice, reward=r2),
    )
    # then one succeeds and one is refused for lack of points; the balance is zero, not -10
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Redemption"], results
    assert next(r for r in results if isinstance(r, Conflict)).code == "insufficient_points"
    assert PointsAccount.objects.get(resident=alice).balance == 0
    assert Reward.objects.filter(stock=4).count() == 1
    balanced(alice)


def test_opposite_transfers_at_once_do_not_deadlock_or_overdraw(transactional_db, alice, bob, earn):
    earn(alice, hours=1)
    earn(bob, hours=1)
    results = race(
        lambda: services.points_transfer(actor=alice.user, from_resident=alice,
                                         to_resident=bob, amount=10),
        lambda: services.points_transfer(actor=bob.user, from_resident=bob,
                                         to_resident=alice, amount=10),
    )
    assert all(isinstance(r, tuple) for r in results), results
    balanced(alice, bob)
    assert PointsAccount.objects.get(resident=alice).balance == 10
