"""爱心银行: the points bank. One account per resident with a balance column, an append-only
ledger of entries (the balance is always the sum of its account's entries), the configured
earning rates, the rewards catalogue (爱心超市 items and merchant vouchers) and redemptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area


class RateUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    TIME = "time", _("per occasion")


class PointsRate(models.Model):
    """A configured act that earns points. ``source_kind`` is the only kind of source it
    may be awarded from (``service_record`` for verified hours)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    points = models.PositiveIntegerField(_("points"))
    unit = models.CharField(_("unit"), max_length=8, choices=RateUnit.choices)
    source_kind = models.SlugField(max_length=30)
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("points rate")

    def __str__(self):
        return self.name


class PointsAccount(models.Model):
    resident = models.OneToOneField(Resident, on_delete=models.PROTECT,
                                    related_name="points_account")
    balance = models.IntegerField(_("balance"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "resident_id"}

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0),
                                              name="points_balance_not_negative")]
        verbose_name = _("points account")

    def __str__(self):
        return f"{self.resident} ({self.balance})"


class EntryKind(models.TextChoices):
    EARN = "earn", _("Earned")
    SPEND = "spend", _("Spent")
    TRANSFER_IN = "transfer_in", _("Received from family")
    TRANSFER_OUT = "transfer_out", _("Given to family")
    ADJUST = "adjust", _("Correction")


class PointsEntry(models.Model):
    """An immutable movement. Inserted by the points services only; the database refuses
    UPDATE (migration 0002). ``source`` names what caused it (``service_record:12``,
    ``redemption:5``, ``transfer:<uuid>``…) and is unique per account and kind, so the same
    cause never pays twice."""

    account = models.ForeignKey(PointsAccount, on_delete=models.PROTECT, related_name="entries")
    amount = models.IntegerField(_("points"))
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    rate = models.ForeignKey(PointsRate, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    source = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    balance_after = models.IntegerField(_("balance after"))
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "account__resident_id"}

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="points_entry_not_zero"),
            models.CheckConstraint(condition=Q(balance_after__gte=0),
                                   name="points_entry_balance_not_negative"),
            models.UniqueConstraint(fields=["account", "kind", "source"],
                                    name="points_entry_source_once"),
        ]
        indexes = [
            models.Index(fields=["account", "at", "id"], name="points_entry_account_at"),
            models.Index(fields=["path", "kind", "at"], name="points_entry_path_kind_at"),
        ]
        verbose_name = _("points entry")

    def __str__(self):
        return f"{self.account_id} {self.amount:+d} {self.kind}"


class RewardKind(models.TextChoices):
    ITEM = "item", _("Love supermarket item")
    VOUCHER = "voucher", _("Merchant voucher")


class Reward(models.Model):
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("type"), max_length=8, choices=RewardKind.choices)
    merchant = models.CharField(_("merchant"), max_length=80, blank=True)
    cost = models.PositiveIntegerField(_("points"))
    stock = models.IntegerField(_("stock"), default=0)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("on offer"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["cost", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="reward_stock_not_negative"),
            models.CheckConstraint(condition=Q(cost__gte=1), name="reward_cost_positive"),
        ]
        verbose_name = _("reward")

    def __str__(self):
        return self.name


class RedemptionState(models.TextChoices):
    ISSUED = "issued", _("Waiting to be collected")
    COLLECTED = "collected", _("Collected")


class Redemption(models.Model):
    account = models.ForeignKey(PointsAccount, on_delete=models.PROTECT,
                                related_name="redemptions")
    reward = models.ForeignKey(Reward, on_delete=models.PROTECT, related_name="redemptions")
    cost = models.PositiveIntegerField(_("points"))
    code = models.CharField(_("collection code"), max_length=12, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=RedemptionState.choices,
                             default=RedemptionState.ISSUED)
    at = models.DateTimeField(default=timezone.now)
    collected_at = models.DateTimeField(null=True, blank=True)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "account__resident_id"}

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("redemption")

    def __str__(self):
        return self.code
