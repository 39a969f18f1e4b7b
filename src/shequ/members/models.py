"""党员联管: 双报到 (an in-service party member registers with the community where they live,
picks service posts, logs service), the periodic report to their unit and its liaison, and
区域兜底 (scattered members attached to a fallback organisation of their territory)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import PartyOrg, Unit
from shequ.registry.models import PartyMember
from shequ.territory.models import Area


class ServicePost(models.Model):
    """服务岗位 defined by a community (政策宣传, 文明劝导, 邻里调解…)."""

    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"],
                                               name="service_post_unique_name")]
        verbose_name = _("service post")

    def __str__(self):
        return self.name


class DualRegistration(models.Model):
    """One member's registration with the community where they live. At most one is active
    per member (constraint below; the service also checks, to give a clear refusal)."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT,
                               related_name="dual_registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    posts = models.ManyToManyField(ServicePost, blank=True, related_name="registrations")
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=200, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)  # the member's home path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "member__resident_id"}

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["member"], condition=Q(is_active=True), name="one_active_dual_registration")]
        indexes = [models.Index(fields=["unit", "is_active"], name="dual_unit_active")]
        verbose_name = _("dual registration")

    def __str__(self):
        return f"{self.member} @ {self.community}"


class LogState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class ServiceLog(models.Model):
    registration = models.ForeignKey(DualRegistration, on_delete=models.PROTECT,
                                     related_name="logs")
    post = models.ForeignKey(ServicePost, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="logs")
    served_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    description = models.CharField(_("what was done"), max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=LogState.choices,
                             default=LogState.SUBMITTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "registration__member__resident_id"}

    class Meta:
        ordering = ["-served_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24),
                                              name="service_log_hours_0_24")]
        indexes = [models.Index(fields=["registration", "served_on"], name="dual_log_reg_day"),
                   models.Index(fields=["path", "state"], name="dual_log_path_state")]
        verbose_name = _("service log")

    def __str__(self):
        return f"{self.served_on} {self.hours}h"


class UnitLiaison(models.Model):
    """Which account is the party liaison (驻区单位联络人) of which unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="liaison_units")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="liaison_unique")]
        verbose_name = _("unit liaison")

    def __str__(self):
        return f"{self.user} → {self.unit}"


class UnitReport(models.Model):
    """The periodic report a community sends each unit: its members' registration and
    hours in the period (a snapshot; rows hold names and figures, no personal numbers)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    generated_at = models.DateTimeField(auto_now=True)
    rows = models.JSONField(default=list)
    members = models.PositiveIntegerField(default=0)
    registered = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=8, decimal_places=1, default=0)
    path = OrderedKeyField(max_length=64, db_index=True)  # the unit's path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-period_start", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "period_start", "period_end"],
                                               name="unit_report_once_per_period")]
        verbose_name = _("unit report")

    def __str__(self):
        return f"{self.unit} {self.period_start}–{self.period_end}"


class FallbackAttachment(models.Model):
    """区域兜底: a scattered member attached to the fallback organisation of their area."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT,
                               related_name="fallback_attachments")
    org = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    is_active = models.BooleanField(default=True)
    attached_at = models.DateTimeField(auto_now_add=True)
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-attached_at"]
        constraints = [models.UniqueConstraint(
            fields=["member"], condition=Q(is_active=True), name="one_active_fallback")]
        verbose_name = _("fallback attachment")

    def __str__(self):
        return f"{self.member} → {self.org}"
