"""监委会 records: comments (每日点评) and flags on any supervised record or on a community's
work, and the stored monthly score (每月考评) of the people a subject measures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area


class Comment(models.Model):
    """A supervisor's comment. ``kind``/``object_id`` name the record it is about (a case,
    a matter; blank for the community's work in general) and ``step`` the step of that
    record it concerns. A flag is a comment that waits for the community's answer."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    path = OrderedKeyField(max_length=64)
    on_date = models.DateField(_("date"))
    kind = models.CharField(_("about"), max_length=20, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    step = models.CharField(_("step"), max_length=60, blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    text = models.TextField(_("comment"), max_length=2000)
    is_flag = models.BooleanField(_("flag for an answer"), default=False)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["path", "on_date"], name="superv_comment_path_date"),
            models.Index(fields=["kind", "object_id"], name="superv_comment_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(object_id__isnull=True) | ~models.Q(kind=""),
                name="superv_comment_object_has_kind"),
            models.CheckConstraint(
                condition=models.Q(is_flag=True) | models.Q(answered_at__isnull=True),
                name="superv_comment_only_flags_answered"),
        ]
        verbose_name = _("supervision comment")

    def __str__(self):
        return f"{self.on_date} {self.text[:20]}"

    @property
    def is_open_flag(self) -> bool:
        return self.is_flag and self.answered_at is None


class Score(models.Model):
    """每月考评 of one person for one month and one subject. The measures and the criteria
    are stored when computed; later changes do not alter them unless an administrator
    recomputes explicitly (audited)."""

    month = models.DateField(_("month"))  # first day of the month
    kind = models.CharField(_("subject"), max_length=20)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("person"))
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    path = OrderedKeyField(max_length=64)
    measures = models.JSONField(default=dict)
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
        ordering = ["-month", "path", "person_id"]
        constraints = [models.UniqueConstraint(fields=["month", "kind", "person", "community"],
                                               name="superv_score_unique")]
        verbose_name = _("monthly score")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.kind} {self.person}"

    @property
    def final_score(self) -> float:
        return round(self.computed_score + self.adjustment, 1)
