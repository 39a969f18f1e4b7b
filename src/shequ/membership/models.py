"""The online party branch: party dues (党费), membership transfers (组织关系转接) and
branch posts (read receipts live in ``notices``).

Dues follow 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): a member's monthly
amount is a rate of their monthly income after tax by band, a lower scale for retirees, a
fixed small amount for students, the unemployed and those on subsistence allowance. The
bands are rows of ``DuesBand`` (seeded with the 2008 figures, editable), not constants in
code. The income base is personal financial data: stored encrypted (``core.crypto``), shown
only on the member's own dues page to those allowed.

Rows that belong to a branch copy the branch's path (``PartyOrg.path``) for scoping; a
confirmed transfer rewrites the member's dues row with the new branch's path in the same
transaction as the membership itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.notices.models import Notice
from shequ.organizations.models import PartyOrg
from shequ.registry.models import PartyMember

MONEY = {"max_digits": 10, "decimal_places": 2}


class DuesCategory(models.TextChoices):
    EMPLOYED = "employed", _("In work (by income)")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    UNEMPLOYED = "unemployed", _("Unemployed")
    SUBSISTENCE = "subsistence", _("On subsistence allowance (低保)")


class DuesBand(models.Model):
    """One band of the rate table: incomes up to ``up_to`` (inclusive; empty: no upper
    bound) of a category pay ``rate`` of the base, or ``fixed_amount`` a month."""

    category = models.CharField(_("category"), max_length=12, choices=DuesCategory.choices)
    up_to = models.DecimalField(_("income up to"), null=True, blank=True, **MONEY)
    rate = models.DecimalField(_("dues rate"), max_digits=6, decimal_places=4, null=True, blank=True)
    fixed_amount = models.DecimalField(_("fixed amount"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["category", models.F("up_to").asc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["category", "up_to"], name="dues_band_unique"),
            models.CheckConstraint(
                condition=Q(rate__isnull=False, fixed_amount__isnull=True)
                | Q(rate__isnull=True, fixed_amount__isnull=False),
                name="dues_band_rate_or_fixed"),
        ]
        verbose_name = _("dues band")

    def __str__(self):
        return f"{self.category} ≤ {self.up_to or '∞'}"


class DuesProfile(models.Model):
    """A member's dues: category, the encrypted income base and the monthly amount it
    gives, due from ``since`` (the first of a month)."""

    member = models.OneToOneField(PartyMember, on_delete=models.PROTECT, related_name="dues")
    category = models.CharField(_("category"), max_length=12, choices=DuesCategory.choices)
    base_enc = models.BinaryField(null=True, blank=True)
    monthly_amount = models.DecimalField(_("monthly dues"), **MONEY)
    since = models.DateField(_("due from"))
    updated_at = models.DateTimeField(auto_now=True)
    path = OrderedKeyField(max_length=64, db_index=True, help_text="copy of the branch's path")

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["id"]
        verbose_name = _("dues profile")

    def __str__(self):
        return f"{self.member_id}: {self.monthly_amount}"

    @property
    def has_base(self) -> bool:
        return bool(self.base_enc)


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    BANK_IMPORT = "bank_import", _("Bank statement import")


class DuesPayment(models.Model):
    """One month's dues paid by a member, recorded by the branch (one row a month)."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="dues_payments")
    org = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("method"), max_length=12, choices=PaymentMethod.choices)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True, help_text="copy of the branch's path")

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-month", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "month"],
                                               name="dues_payment_one_a_month")]
        indexes = [models.Index(fields=["org", "month"], name="dues_payment_org_month")]
        verbose_name = _("dues payment")

    def __str__(self):
        return f"{self.member_id} {self.month:%Y-%m}"


class TransferState(models.TextChoices):
    REQUESTED = "requested", _("Transfer requested")
    SENT = "sent", _("Letter sent")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned")


OPEN_STATES = (TransferState.REQUESTED, TransferState.SENT)


class Transfer(models.Model):
    """组织关系转接: a member's move from one branch to another (``to_org``), or out of the
    district (``to_external`` names the receiving organisation; ``reason`` says why). The
    member's organisation changes only when the transfer is confirmed."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(PartyOrg, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    to_external = models.CharField(_("receiving organisation (outside the district)"),
                                   max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    letter_number = models.CharField(_("introduction letter number"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=TransferState.choices,
                             default=TransferState.REQUESTED)
    requested_on = models.DateField(_("requested on"))
    sent_on = models.DateField(_("letter sent on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    returned_reason = models.CharField(_("reason for return"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True, help_text="the sending branch's path")
    to_path = OrderedKeyField(max_length=64, blank=True, db_index=True,
                              help_text="the receiving branch's path ('' outside)")

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=Q(state__in=OPEN_STATES),
                                    name="transfer_one_open_per_member"),
            models.CheckConstraint(
                condition=Q(to_org__isnull=False, to_external="")
                | Q(to_org__isnull=True) & ~Q(to_external=""),
                name="transfer_inside_or_outside"),
        ]
        verbose_name = _("membership transfer")

    def __str__(self):
        return f"{self.member_id}: {self.from_org_id} → {self.to_org_id or self.to_external}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def destination(self) -> str:
        return self.to_org.name if self.to_org_id else self.to_external


class PostKind(models.TextChoices):
    STUDY = "study", _("Study material")
    POST = "post", _("Branch post")


class BranchPost(models.Model):
    """A post or study material to a branch's members: the text, attachments, audience and
    read receipts are the ``notices.Notice`` addressed to the branch."""

    org = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=8, choices=PostKind.choices,
                            default=PostKind.POST)
    path = OrderedKeyField(max_length=64, db_index=True, help_text="copy of the branch's path")

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        verbose_name = _("branch post")

    def __str__(self):
        return str(self.notice_id)
