"""Courses shared by several linkages: 社区党校 (community party school), 市民夜校 (citizens'
night school), 道德讲堂 (moral lecture hall), 就业培训班 (job training). Sessions,
enrolment, attendance (QR or roll call) and study hours per person per year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area


class CourseKind(models.TextChoices):
    PARTY_SCHOOL = "party_school", _("Community party school")
    NIGHT_SCHOOL = "night_school", _("Citizens' night school")
    MORAL_LECTURE = "moral_lecture", _("Moral lecture hall")
    JOB_TRAINING = "job_training", _("Job training")


class Course(models.Model):
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("type"), max_length=16, choices=CourseKind.choices)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"), max_length=4000, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    party_only = models.BooleanField(_("for party members only"), default=False)
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        verbose_name = _("course")

    def __str__(self):
        return self.title


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("topic"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    hours = models.DecimalField(_("study hours"), max_digits=4, decimal_places=1)
    place = models.CharField(_("place"), max_length=200, blank=True)
    checkin_token = models.CharField(max_length=32, unique=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="course_session_ends_after_start"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="course_session_hours_gt_0"),
        ]
        verbose_name = _("session")

    def __str__(self):
        return self.title


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=EnrolmentState.choices,
                             default=EnrolmentState.ENROLLED)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "resident_id"}

    class Meta:
        ordering = ["enrolled_at", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "resident"],
                                               name="enrolment_once")]
        verbose_name = _("enrolment")

    def __str__(self):
        return f"{self.course_id}:{self.resident_id}"


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR code")
    ROLL_CALL = "roll_call", _("Roll call")


class Attendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE,
                                related_name="attendances")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=10, choices=AttendanceMethod.choices)
    hours = models.DecimalField(_("study hours"), max_digits=4, decimal_places=1)
    at = models.DateTimeField(auto_now_add=True)
    session_start = models.DateTimeField()  # copy: study hours are counted per year by it
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "resident_id"}

    class Meta:
        ordering = ["-session_start", "-id"]
        constraints = [models.UniqueConstraint(fields=["session", "resident"],
                                               name="attendance_once")]
        indexes = [models.Index(fields=["resident", "session_start"],
                                name="attendance_resident_time")]
        verbose_name = _("attendance")

    def __str__(self):
        return f"{self.session_id}:{self.resident_id}"
