"""Execution of a passed matter by the 居委会: a tree of tasks whose leaves carry their own
progress and whose parents show the weighted average of their children."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet

from .matters import Matter


class Task(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    title = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(pgettext_lazy("resolution", "deadline"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    progress = models.DecimalField(_("progress %"), max_digits=5, decimal_places=2, default=0)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["id"]
        verbose_name = _("task")
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=100),
                                   name="delib_task_progress_0_100"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="delib_task_weight_gte_1"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:matter-detail", args=[self.matter_id]) + f"#task-{self.pk}"


class Evidence(models.Model):
    """A photo showing a task's work, served only through the scoped view."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="deliberation/%Y/%m/", max_length=200)
    original_name = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = pgettext_lazy("photo", "evidence")

    def __str__(self):
        return self.original_name
