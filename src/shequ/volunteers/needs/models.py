"""Service needs and the assignments of volunteers to them (proposed by matching, confirmed
by staff, accepted or declined by the volunteer)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area, Building

from ..people.models import Skill, Volunteer
from ..teams.models import ServiceProject


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


