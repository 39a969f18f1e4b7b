"""The points bank: earning only from verified hours or configured acts, spending on the
catalogue, family transfers, refusals that write nothing, and the ledger invariant."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.volunteers import services
from shequ.volunteers.models import EntryKind, PointsAccount, PointsEntry, Reward


def ledger_sum(account):
    return PointsEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0


def test_verified_hours_earn_points_at_the_configured_rate(alice, earn):
    # given the default rate of 10 points per verified hour
    # when two verified hours are recorded
    entry = earn(alice, hours=2)
    # then 20 points are credited and the balance is the sum of the entries
    account = PointsAccount.objects.get(resident=alice)
    assert (entry.amount, entry.kind, entry.balance_after) == (20, EntryKind.EARN, 20)
    assert account.balance == ledger_sum(account) == 20
    assert AuditEvent.objects.filter(entity="points_account", action="points_earn").exists()


def test_unverified_record_earns_nothing(alice, staff, volunteer, need):
    # given a submitted but unverified record
    from django.utils import timezone
    record = services.attendance_mark(
        actor=staff, volunteer=volunteer, source=f"need:{need.pk}", title=need.title,
        path=need.path, check_in_at=timezone.now(),
        check_out_at=timezone.now() + timezone.timedelta(hours=1))
    # when someone tries to award points from it directly
    with pytest.raises(DomainError) as err:
        services.points_award(actor=staff, resident=alice, rate_code="service_hour",
                              source=f"service_record:{record.pk}")
    # then it is refused and no entry exists
    assert err.value.code == "not_verifiable"
    assert not PointsEntry.objects.exists()


def test_the_same_source_never_pays_twice(alice, staff, earn):
    entry = earn(alice, hours=1)
    with pytest.raises(Conflict) as err:
        services.points_award(actor=staff, resident=alice, rate_code="service_hour",
                              source=entry.source)
    assert err.value.code == "already_recorded"
    assert PointsAccount.objects.get(resident=alice).balance == 10


def test_configured_act_needs_its_own_kind_of_source(alice, staff):
    with pytest.raises(DomainError) as err:
        services.points_award(actor=staff, resident=alice, rate_code="civility_award",
                              source="service_record:1")
    assert err.value.code == "wrong_source"
    entry = services.points_award(actor=staff, resident=alice, rate_code="civility_award",
                                  source="selection_result:7")
    assert entry.amount == 50


def test_a_resident_cannot_award_themselves(alice):
    with pytest.raises((Forbidden, NotFound)):
        services.points_award(actor=alice.user, resident=alice, rate_code="civility_award",
                              source="selection_result:1")


def test_redeem_takes_points_and_stock(alice, staff, place, earn):
    # given 30 points and a reward of 25 points with 2 in stock
    earn(alice, hours=3)
    reward = services.reward_create(actor=staff, community=place.community, name="大米 5kg",
                                    kind="item", cost=25, stock=2)
    # when alice redeems it herself
    redemption = services.points_redeem(actor=alice.user, resident=alice, reward=reward)
    # then 5 points remain, stock is 1 and a spend entry links the redemption
    account = PointsAccount.objects.get(resident=alice)
    assert account.balance == ledger_sum(account) == 5
    assert Reward.objects.get(pk=reward.pk).stock == 1
    assert PointsEntry.objects.get(kind="spend").source == f"redemption:{redemption.pk}"


def test_redeem_without_enough_points_writes_nothing(alice, staff, place, earn):
    earn(alice, hours=1)
    reward = services.reward_create(actor=staff, community=place.community, name="油",
                                    kind="item", cost=25, stock=2)
    with pytest.raises(Conflict) as err:
        services.points_redeem(actor=alice.user, resident=alice, reward=reward)
    assert err.value.code == "insufficient_points"
    assert Reward.objects.get(pk=reward.pk).stock == 2
    assert PointsAccount.objects.get(resident=alice).balance == 10
    assert not PointsEntry.objects.filter(kind="spend").exists()


def test_redeem_out_of_stock_gives_points_back(alice, staff, place, earn):
    earn(alice, hours=5)
    reward = services.reward_create(actor=staff, community=place.community, name="券",
                                    kind="voucher", cost=10, stock=0, merchant="超市")
    with pytest.raises(Conflict) as err:
        services.points_redeem(actor=alice.user, resident=alice, reward=reward)
    assert err.value.code == "out_of_stock"
    assert PointsAccount.objects.get(resident=alice).balance == 50


def test_someone_else_cannot_spend_my_points(alice, carol, staff, place, earn):
    earn(alice, hours=5)
    reward = services.reward_create(actor=staff, community=place.community, name="券",
                                    kind="voucher", cost=10, stock=3)
    with pytest.raises(NotFound):
        services.points_redeem(actor=carol.user, resident=alice, reward=reward)


def test_transfer_to_family_member(alice, bob, earn):
    earn(alice, hours=4)
    out, into = services.points_transfer(actor=alice.user, from_resident=alice,
                                         to_resident=bob, amount=15)
    assert (out.amount, into.amount, out.source) == (-15, 15, into.source)
    a, b = PointsAccount.objects.get(resident=alice), PointsAccount.objects.get(resident=bob)
    assert (a.balance, b.balance) == (25, 15)
    assert a.balance == ledger_sum(a) and b.balance == ledger_sum(b)


def test_transfer_outside_the_household_is_refused(alice, carol, earn):
    earn(alice, hours=4)
    with pytest.raises(DomainError) as err:
        services.points_transfer(actor=alice.user, from_resident=alice, to_resident=carol,
                                 amount=5)
    assert err.value.code == "not_family"
    assert not PointsEntry.objects.filter(kind__startswith="transfer").exists()


def test_transfer_more_than_balance_is_refused(alice, bob, earn):
    earn(alice, hours=1)
    with pytest.raises(Conflict):
        services.points_transfer(actor=alice.user, from_resident=alice, to_resident=bob,
                                 amount=11)
    assert PointsAccount.objects.get(resident=alice).balance == 10
    assert not PointsAccount.objects.filter(resident=bob, balance__gt=0).exists()


def test_adjust_needs_a_street_admin_and_a_reason(alice, staff, place, earn):
    from shequ.testing import factories
    earn(alice, hours=1)
    with pytest.raises(Forbidden):
        services.points_adjust(actor=staff, resident=alice, amount=-5, reason="误记")
    admin = factories.user("street_admin", place.street)
    with pytest.raises(DomainError):
        services.points_adjust(actor=admin, resident=alice, amount=-5, reason=" ")
    with pytest.raises(Conflict):
        services.points_adjust(actor=admin, resident=alice, amount=-11, reason="误记")
    entry = services.points_adjust(actor=admin, resident=alice, amount=-5, reason="误记")
    assert entry.balance_after == 5


def test_entries_cannot_be_updated_in_the_database(alice, earn):
    entry = earn(alice, hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsEntry.objects.filter(pk=entry.pk).update(amount=1000)
    assert PointsEntry.objects.get(pk=entry.pk).amount == 10


def test_balance_column_refuses_negative_values(alice, earn):
    earn(alice, hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsAccount.objects.filter(resident=alice).update(balance=-1)
    assert connection.vendor in {"sqlite", "postgresql"}
