"""The figures the worker computed ahead (``Figure.needs_cache``): one row per figure, area
and period, holding the per-child values and when they were computed, so the page can say
how fresh each number is."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField


class FigureCache(models.Model):
    figure = models.CharField(_("figure"), max_length=60)
    path = OrderedKeyField(max_length=64)  # the area's
    start = models.DateField()
    end = models.DateField()
    values = models.JSONField(default=dict)  # {child path: value}
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "start", "end", "figure"],
                                               name="figure_cache_once")]
        verbose_name = _("cached figure")

    def __str__(self):
        return f"{self.figure} {self.path} {self.start}–{self.end}"
