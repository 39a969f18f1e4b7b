"""监委会 supervision: daily comments and the stored monthly evaluation of grid workers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area

from .cases import Case


class SupervisionComment(models.Model):
    """每日点评: a supervisor's comment on a case or on a grid worker's work."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    path = OrderedKeyField(max_length=64)
    on_date = models.DateField(_("date"))
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="comments")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("grid worker"))
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["path", "on_date"], name="comment_path_date")]
        verbose_name = _("daily comment")

    def __str__(self):
        return f"{self.on_date} {self.text[:20]}"


class Evaluation(models.Model):
    """每月考评 of one grid worker for one month. The measured figures and the published
    weights are stored when computed; later changes to cases do not alter them unless an
    administrator recomputes explicitly (which is audited)."""

    month = models.DateField(_("month"))  # first day of the month
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("grid worker"))
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    path = OrderedKeyField(max_length=64)
    cases_handled = models.PositiveIntegerField(_("cases handled"), default=0)
    on_time_rate = models.FloatField(_("on-time rate"), null=True)
    satisfaction_rate = models.FloatField(_("satisfaction rate"), null=True)
    reopen_rate = models.FloatField(_("reopen rate"), null=True)
    visit_count = models.PositiveIntegerField(_("visits"), default=0)
    computed_score = models.FloatField(_("computed score"))
    adjustment = models.FloatField(_("supervisors' adjustment"), default=0)
    adjustment_note = models.CharField(_("reason for adjustment"), max_length=300, blank=True)
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-month", "path", "worker_id"]
        constraints = [models.UniqueConstraint(fields=["month", "worker", "community"],
                                               name="evaluation_unique")]
        verbose_name = _("monthly evaluation")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.worker}"

    @property
    def final_score(self) -> float:
        return round(self.computed_score + self.adjustment, 1)
