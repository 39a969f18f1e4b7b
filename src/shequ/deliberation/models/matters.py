"""三重一大 matters: what the community decides collectively (重大决策, 重要人事任免,
重大项目安排, 大额资金使用), the immutable history of every step, and which fields the
public page may show."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area


class MatterKind(models.TextChoices):
    DECISION = "decision", _("Major decision")  # 重大决策
    APPOINTMENT = "appointment", _("Key appointment or removal")  # 重要人事任免
    PROJECT = "project", _("Major project")  # 重大项目安排
    FUNDS = "funds", _("Large expenditure")  # 大额资金使用


class MatterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Awaiting pre-review")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved for deliberation")
    SCHEDULED = "scheduled", _("On a meeting's agenda")
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", _("Not passed")
    EXECUTING = "executing", _("In execution")
    DONE = "done", _("Done")


# Decided: shown on the public page (公开) with their result.
DECIDED = (MatterStatus.PASSED, MatterStatus.REJECTED, MatterStatus.EXECUTING,
           MatterStatus.DONE)


class Disclosure(models.TextChoices):
    PUBLIC = "public", _("Disclosed")
    HIDDEN = "hidden", _("Not disclosed")
    PRIVATE = "private", _("Private (never disclosed)")


# The fields the public page may show, and their default; title, kind and status are
# always public. A field marked private stays private.
DISCLOSABLE = {
    "background": Disclosure.HIDDEN,
    "budget": Disclosure.PUBLIC,
    "budget_source": Disclosure.PUBLIC,
    "proposer": Disclosure.HIDDEN,
    "votes": Disclosure.PUBLIC,
    "progress": Disclosure.PUBLIC,
}
DISCLOSABLE_LABELS = {
    "background": _("Background"), "budget": _("Budget"), "budget_source": _("Source of funds"),
    "proposer": _("Proposer"), "votes": _("Vote result"), "progress": _("Progress"),
}


def default_disclosure() -> dict:
    return {name: str(state) for name, state in DISCLOSABLE.items()}


class Matter(models.Model):
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=16, choices=MatterKind.choices)
    title = models.CharField(_("title"), max_length=100)
    background = models.TextField(_("background"), max_length=4000, blank=True)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2,
                                 null=True, blank=True)
    budget_source = models.CharField(_("source of funds"), max_length=200, blank=True)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    proposer_name = models.CharField(_("proposer"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MatterStatus.choices,
                              default=MatterStatus.DRAFT)
    review_note = models.TextField(_("pre-review comments"), max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(_("approved for deliberation"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    votes_abstain = models.PositiveIntegerField(default=0)
    progress = models.DecimalField(_("progress %"), max_digits=5, decimal_places=2, default=0)
    disclosure = models.JSONField(default=default_disclosure)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        verbose_name = _("matter")
        constraints = [
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0),
                                   name="delib_matter_budget_not_negative"),
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=100),
                                   name="delib_matter_progress_0_100"),
        ]
        indexes = [models.Index(fields=["community", "-decided_at", "-id"],
                                name="delib_matter_public")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:matter-detail", args=[self.pk])

    def shown(self, field: str) -> bool:
        """Whether the public page shows ``field`` (only a field set public)."""
        return (self.disclosure or {}).get(field, str(DISCLOSABLE.get(field, ""))) \
            == Disclosure.PUBLIC


class Step(models.TextChoices):
    CREATE = "create", _("Drafted")
    EDIT = "edit", _("Edited")
    SUBMIT = "submit", _("Proposed for pre-review")
    APPROVE = "approve", _("Approved for deliberation")
    RETURN = "return", _("Returned with comments")
    SCHEDULE = "schedule", _("Put on a meeting's agenda")
    DECIDE = "decide", _("Decided")
    EXECUTE = "execute", _("Execution started")
    TASK = "task", _("Task changed")
    COMPLETE = "complete", _("Completed")
    DISCLOSE = "disclose", _("Disclosure changed")


class MatterEvent(models.Model):
    """One step of a matter (who, what, when, a note). The database refuses UPDATE and
    DELETE of these rows (migration 0002), so the history cannot be rewritten."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150)
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    from_status = models.CharField(max_length=12, choices=MatterStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=MatterStatus.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("matter history entry")

    def __str__(self):
        return f"{self.matter_id}:{self.step}"
