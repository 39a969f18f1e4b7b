"""Property: whatever sequence of earning, spending and family transfers happens (including
refused ones), every balance equals the sum of its account's entries, never goes below
zero, matches a plain model of the rules, and each entry's balance_after continues the
previous one."""

import datetime as dt

from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from shequ.core.errors import Conflict, DomainError
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsAccount, PointsEntry, Reward

# Residents 0–2 share a household (family); resident 3 lives elsewhere.
FAMILY = {0: "h1", 1: "h1", 2: "h1", 3: "h2"}

earn = st.tuples(st.just("earn"), st.integers(0, 3), st.integers(1, 4))
spend = st.tuples(st.just("spend"), st.integers(0, 3), st.integers(0, 1))
transfer = st.tuples(st.just("transfer"), st.integers(0, 3), st.integers(0, 3),
                     st.integers(1, 45))
operations = st.lists(st.one_of(earn, spend, transfer), max_size=14)


class LedgerInvariant(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = factories.Tree()
        cls.staff = factories.user("community_staff", tree.community)
        cls.people = [factories.resident(tree.household1, name=n) for n in ("甲", "乙", "丙")]
        cls.people.append(factories.resident(tree.household2, name="丁"))
        cls.rewards = [
            services.reward_create(actor=cls.staff, community=tree.community, name="米",
                                   kind="item", cost=25, stock=2),
            services.reward_create(actor=cls.staff, community=tree.community, name="券",
                                   kind="voucher", cost=7, stock=3),
        ]
        cls.volunteers = [services.volunteer_register(actor=cls.staff, resident=r)
                          for r in cls.people]

    def _earn(self, i, hours, n):
        now = timezone.now()
        record = services.attendance_mark(
            actor=self.staff, volunteer=self.volunteers[i], source=f"prop:{n}", title="服务",
            path=self.people[i].path, check_in_at=now - dt.timedelta(hours=hours),
            check_out_at=now)
        services.record_verify(actor=self.staff, record=record)

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(operations)
    def test_balances_always_equal_their_entries(self, ops):
        expected = [0, 0, 0, 0]
        stock = [r.stock for r in self.rewards]
        for n, op in enumerate(ops):
            if op[0] == "earn":
                _, i, hours = op
                self._earn(i, hours, n)
                expected[i] += 10 * hours
            elif op[0] == "spend":
                _, i, j = op
                reward = self.rewards[j]
                ok = expected[i] >= reward.cost and stock[j] >= 1
                try:
                    services.points_redeem(actor=self.staff, resident=self.people[i],
                                           reward=reward)
                    assert ok, "a redemption the rules refuse went through"
                    expected[i] -= reward.cost
                    stock[j] -= 1
                except Conflict:
                    assert not ok, "a redemption the rules allow was refused"
            else:
                _, i, k, amount = op
                ok = i != k and FAMILY[i] == FAMILY[k] and expected[i] >= amount
                try:
                    services.points_transfer(actor=self.staff, from_resident=self.people[i],
                                             to_resident=self.people[k], amount=amount)
                    assert ok, "a transfer the rules refuse went through"
                    expected[i] -= amount
                    expected[k] += amount
                except (Conflict, DomainError):
                    assert not ok, "a transfer the rules allow was refused"
            self._check(expected, stock)

    def _check(self, expected, stock):
        for i, resident in enumerate(self.people):
            account = PointsAccount.objects.filter(resident=resident).first()
            balance = account.balance if account else 0
            total = (PointsEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
                     if account else None) or 0
            assert balance == total == expected[i]
            assert balance >= 0
            running = 0
            for amount, after in PointsEntry.objects.filter(account=account).order_by(
                    "id").values_list("amount", "balance_after") if account else ():
                running += amount
                assert after == running >= 0
        assert [Reward.objects.get(pk=r.pk).stock for r in self.rewards] == stock
