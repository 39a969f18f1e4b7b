"""Service needs and projects, proposed/confirmed assignments of volunteers to needs, and the
service records (check-in/out) whose verified hours earn points."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area, Building

from .people import ServiceOrganisation, Skill, Volunteer


class ServiceProject(models.Model):
    """Recurring work grouped under one name (e.g. 独居老人助餐), optionally run by a team."""

    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(ServiceOrganisation, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="projects")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name"]
        verbose_name = _("service project")

    def __str__(self):
        return self.name


class NeedState(models.TextChoices):
    # "Open" alone is a warning's 未结 in the ledgers' catalog; a need is still recruiting.
    OPEN = "open", pgettext_lazy("service need", "Open")
    FILLED = "filled", _("Filled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ServiceNeed(models.Model):
    """A need for volunteers: what skill, when, where, how many people."""

    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    address = models.CharField(_("place"), max_length=200, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    people_needed = models.PositiveSmallIntegerField(_("people needed"), default=1)
    project = models.ForeignKey(ServiceProject, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="needs")
    requester = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("resident in need"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=NeedState.choices,
                             default=NeedState.OPEN)
    checkin_token = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="need_ends_after_start"),
            models.CheckConstraint(condition=Q(people_needed__gte=1), name="need_people_ge_1"),
        ]
        indexes = [models.Index(fields=["path", "state", "starts_at"], name="need_path_state")]
        verbose_name = _("service need")

    def __str__(self):
        return self.title


class AssignmentState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")  # by matching; staff have not confirmed
    CONFIRMED = "confirmed", _("Confirmed by staff")  # waiting for the volunteer
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_ASSIGNMENT_STATES = (AssignmentState.PROPOSED, AssignmentState.CONFIRMED,
                            AssignmentState.ACCEPTED)
BUSY_ASSIGNMENT_STATES = (AssignmentState.CONFIRMED, AssignmentState.ACCEPTED)


class Assignment(models.Model):
    need = models.ForeignKey(ServiceNeed, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT,
                                  related_name="assignments")
    state = models.CharField(_("state"), max_length=10, choices=AssignmentState.choices)
    score = models.FloatField(default=0)
    starts_at = models.DateTimeField()  # copy of the need's window, for conflict checks
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["need", "volunteer"],
                                               name="assignment_unique")]
        indexes = [models.Index(fields=["volunteer", "starts_at"], name="assignment_vol_time")]
        verbose_name = _("assignment")

    def __str__(self):
        return f"{self.need_id}→{self.volunteer_id}"


class RecordState(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked in")
    SUBMITTED = "submitted", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class ServiceRecord(models.Model):
    """One volunteer's time on one piece of work. ``source`` names the work
    (``need:12``, ``activity:7``…); hours earn points only once ``state`` is verified."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="records")
    source = models.CharField(max_length=40)
    title = models.CharField(_("work"), max_length=100)
    need = models.ForeignKey(ServiceNeed, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="records")
    check_in_at = models.DateTimeField(_("checked in"))
    check_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=RecordState.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Why staff entered past service by hand (no check-in); empty for checked-in work.
    entry_reason = models.CharField(_("reason for entering by hand"), max_length=200,
                                    blank=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "volunteer__resident_id"}

    class Meta:
        ordering = ["-check_in_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["volunteer", "source"],
                                               name="service_record_once_per_work")]
        indexes = [
            models.Index(fields=["path", "state", "check_in_at"], name="record_path_state"),
            models.Index(fields=["volunteer", "check_in_at"], name="record_vol_time"),
        ]
        verbose_name = _("service record")

    def __str__(self):
        return f"{self.title} {self.check_in_at:%Y-%m-%d}"

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)
