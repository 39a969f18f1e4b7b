"""Service records: one volunteer's time on one piece of work (check-in/out, attendance, or
entered by hand); verified hours earn points."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet

from ..needs.models import ServiceNeed
from ..people.models import Volunteer


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
