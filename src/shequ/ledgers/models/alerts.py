"""Early warning (预警): per-district rule settings and the warnings they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area

from .cases import Case


class WarningKind(models.TextChoices):
    CLUSTER = "cluster", _("Several cases of one category in one grid")
    REPEAT = "repeat", _("Repeated appeals by one person")
    KEY_PERSON = "key_person", _("Stability case about a key person")
    DEADLINE = "deadline", _("Overdue or nearly overdue case")
    SPIKE = "spike", _("Spike against the grid's own history")


class WarningLevel(models.TextChoices):
    RED = "red", _("Red")
    ORANGE = "orange", _("Orange")
    YELLOW = "yellow", _("Yellow")


LEVEL_RANK = {WarningLevel.YELLOW: 1, WarningLevel.ORANGE: 2, WarningLevel.RED: 3}


class WarningState(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")


class WarningRule(models.Model):
    """A district's setting for one kind of rule. Missing rows fall back to the defaults in
    ``ledgers.alerting.DEFAULTS``; ``params`` overrides the default thresholds key by key."""

    district = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"kind": "district"})
    kind = models.CharField(_("rule"), max_length=12, choices=WarningKind.choices)
    is_active = models.BooleanField(pgettext_lazy("enabled", "active"), default=True)
    level = models.CharField(pgettext_lazy("alert", "level"), max_length=8,
                             choices=WarningLevel.choices)
    params = models.JSONField(_("thresholds"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "kind"],
                                               name="warningrule_unique_kind")]
        verbose_name = _("warning rule")

    def __str__(self):
        return f"{self.district} {self.get_kind_display()}"


class EarlyWarning(models.Model):
    """A raised warning: its rule, level, evidence (the cases), who must act, and the
    person who acknowledged and closed it. ``key`` identifies the situation (e.g. one
    grid × category) so re-evaluation adds evidence to the open warning instead of
    raising a second one."""

    kind = models.CharField(_("rule"), max_length=12, choices=WarningKind.choices)
    level = models.CharField(pgettext_lazy("alert", "level"), max_length=8,
                             choices=WarningLevel.choices)
    key = models.CharField(max_length=120)
    title = models.CharField(_("title"), max_length=200)
    detail = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("status"), max_length=14, choices=WarningState.choices,
                             default=WarningState.OPEN)
    district = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("grid"))
    path = OrderedKeyField(max_length=64)
    cases = models.ManyToManyField(Case, related_name="warnings", verbose_name=_("evidence"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("must act"))
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.CharField(_("closing note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(state="closed"),
                                    name="warning_one_open_per_key"),
        ]
        indexes = [
            models.Index(fields=["path", "created_at"], name="warning_path_created"),
            models.Index(fields=["state", "kind"], name="warning_state_kind"),
        ]
        verbose_name = _("warning")

    def __str__(self):
        return self.title


class PendingWarningCheck(models.Model):
    """A case taken in whose early-warning rules the task worker has not evaluated yet.
    Written in the intake transaction (so no committed case is missed, whatever order
    concurrent intakes commit in) and deleted by the batch that evaluates it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True,
                                related_name="+")

    class Meta:
        verbose_name = _("case awaiting early warning")

    def __str__(self):
        return f"#{self.case_id}"
