"""Categories, holidays, cases, their immutable events and their attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area, Building, Household

# Limits on the free text of a case, the same at every door (forms, API, Open311, portal);
# the services refuse longer text with the limit in the message, never cutting it.
DESCRIPTION_MAX = 2000
TITLE_MAX = 100
REPORTER_NAME_MAX = 40
ADDRESS_MAX = 200
NOTE_MAX = 2000


class Ledger(models.TextChoices):
    LIVELIHOOD = "livelihood", _("Livelihood")  # 民生
    APPEAL = "appeal", _("Appeals")  # 诉求
    STABILITY = "stability", _("Stability")  # 稳定


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    ESCALATED = "escalated", _("Escalated")
    REJECTED = "rejected", pgettext_lazy("case", "Rejected")


OPEN_STATES = (CaseState.RECEIVED, CaseState.ASSIGNED, CaseState.IN_PROGRESS,
               CaseState.ESCALATED)
CLOSED_STATES = (CaseState.RESOLVED, CaseState.CLOSED, CaseState.REJECTED)


class CaseSource(models.TextChoices):
    VISIT = "visit", _("Grid visit")  # 走访
    WALK_IN = "walk_in", _("Walk-in")
    HOTLINE = "hotline", _("Hotline")
    PORTAL = "portal", _("Resident portal")
    OPEN311 = "open311", _("Open311 client")
    API = "api", _("API")
    PATROL = "patrol", _("Patrol incident")
    RULE = "rule", _("Monitoring rule")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASIC = "basic", _("Basically satisfied")  # 基本满意
    UNSATISFIED = "unsatisfied", _("Unsatisfied")  # 不满意


class EscalationLevel(models.TextChoices):
    STREET = "street", _("Street")
    DISTRICT = "district", _("District")


class Category(models.Model):
    """A kind of case in one ledger. ``code`` is the Open311 service_code; ``attributes``
    is the Open311 service definition (list of attribute dicts). Stability categories are
    never public — the constraint below and the category service both enforce it."""

    ledger = models.CharField(_("ledger"), max_length=12, choices=Ledger.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    description = models.CharField(_("description"), max_length=300, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(_("deadline (working days)"),
                                                             default=5)
    public = models.BooleanField(_("open to the public (Open311)"), default=False)
    attributes = models.JSONField(_("Open311 attributes"), default=list, blank=True)
    is_active = models.BooleanField(pgettext_lazy("enabled", "active"), default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ledger", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(ledger="stability", public=True),
                                   name="category_stability_never_public"),
        ]
        verbose_name = _("category")

    def __str__(self):
        return self.name


class Holiday(models.Model):
    """A day that departs from the Monday–Friday week: a public holiday (``is_workday``
    False) or a make-up working day on a weekend (调休, ``is_workday`` True)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("make-up working day"), default=False)
    name = models.CharField(_("name"), max_length=30, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")

    def __str__(self):
        return f"{self.date} {self.name}"


class Case(models.Model):
    """One matter in a ledger. ``path`` is copied from the grid (or, before routing, from
    the area it was filed under) so scoping is one indexed range. State changes only go
    through the transition services, guarded by ``version``."""

    ledger = models.CharField(_("ledger"), max_length=12, choices=Ledger.choices)
    # The foreign keys below marked "served by" have no index of their own: a composite
    # index leading with the same column answers every lookup by it (EXPLAIN on SQLite and
    # PostgreSQL, bench/README), and each index is one more B-tree every intake writes.
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cases",
                                 verbose_name=_("category"),
                                 db_index=False)  # served by case_category_created
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    # What Open311 publishes of a report filed by the public, when staff rewrote it;
    # empty: the description, personal data masked (selectors.public).
    public_description = models.TextField(_("public text"), max_length=DESCRIPTION_MAX,
                                          blank=True, db_default="")
    source = models.CharField(_("source"), max_length=10, choices=CaseSource.choices)
    source_ref = models.CharField(max_length=60, blank=True)
    state = models.CharField(_("status"), max_length=12, choices=CaseState.choices,
                             default=CaseState.RECEIVED)
    escalation_level = models.CharField(_("escalated to"), max_length=10, blank=True,
                                        choices=EscalationLevel.choices)
    grid = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("grid"),
                             db_index=False)  # served by case_grid_created_category
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("building"),
                                 db_index=False)  # served by case_building
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    address = models.CharField(_("address"), max_length=ADDRESS_MAX, blank=True)
    path = OrderedKeyField(max_length=64)
    reporter = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reported_cases", verbose_name=_("reporter"))
    subject = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="cases_about", verbose_name=_("person concerned"))
    reporter_name = models.CharField(_("reporter"), max_length=REPORTER_NAME_MAX, blank=True)
    reporter_phone_enc = models.BinaryField(null=True, blank=True)
    reporter_phone_hash = models.CharField(max_length=64, blank=True)
    reporter_phone_masked = models.CharField(_("reporter phone"), max_length=16, blank=True)
    reporter_phone_tail4 = models.CharField(max_length=4, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                              blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                              blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="assigned_cases",
                                    verbose_name=_("assigned to"),
                                    db_index=False)  # served by case_assignee_state
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=12, blank=True, choices=Rating.choices)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="duplicates", verbose_name=_("duplicate of"))
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["path", "created_at"], name="case_path_created"),
            # category too: the early-warning batch counts a grid's weeks per category from
            # the index alone (no table read per case).
            models.Index(fields=["grid", "created_at", "category"],
                         name="case_grid_created_category"),
            models.Index(fields=["category", "created_at"], name="case_category_created"),
            models.Index(fields=["ledger", "created_at"], name="case_ledger_created"),
            models.Index(fields=["state", "created_at"], name="case_state_created"),
            models.Index(fields=["assigned_to", "state"], name="case_assignee_state"),
            models.Index(fields=["reporter_phone_hash", "created_at"], name="case_phone"),
            models.Index(fields=["building", "category"], name="case_building"),
            models.Index(fields=["created_at"], name="case_created"),
            # Open cases are about 1% of a year's cases; lists of them use these.
            models.Index(fields=["created_at"], condition=Q(state__in=OPEN_STATES),
                         name="case_open_created"),
            models.Index(fields=["category", "created_at"], condition=Q(state__in=OPEN_STATES),
                         name="case_open_category"),
            models.Index(fields=["ledger", "created_at"], condition=Q(state__in=OPEN_STATES),
                         name="case_open_ledger"),
        ]
        constraints = [
            # One case per incident of another module (see services.modules).
            models.UniqueConstraint(fields=["source", "source_ref"],
                                    condition=Q(source__in=["patrol", "rule"])
                                    & ~Q(source_ref=""),
                                    name="case_module_ref_unique"),
        ]
        verbose_name = _("case")

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def delete(self, *args, **kwargs):
        raise RuntimeError("cases are never deleted")

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()


class CaseEvent(models.Model):
    """One step in a case's life: who, when, from which state to which, why. Rows are only
    ever inserted: the model refuses changes and a database trigger refuses UPDATE."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events",
                             db_index=False)  # served by caseevent_case_at
    kind = models.CharField(_("step"), max_length=20)
    from_state = models.CharField(max_length=12, blank=True, choices=CaseState.choices)
    to_state = models.CharField(max_length=12, blank=True, choices=CaseState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="caseevent_case_at")]
        verbose_name = _("case event")

    def __str__(self):
        return f"#{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("case events are append-only")


def attachment_path(instance, filename: str) -> str:
    # The stored name is ours, not the uploader's: no path tricks, no personal data in it.
    ext = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"cases/{timezone.localdate():%Y/%m}/{instance.token}.{ext}"


class Attachment(models.Model):
    """A photo or document on a case, stored under MEDIA_ROOT and only served through the
    scoped download view (never as a static file)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("attachment")

    def __str__(self):
        return self.original_name
