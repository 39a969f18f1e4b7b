"""文明联创 activities (爱在社区, 文艺汇演, 法律进社区, 道德讲堂…): capacity, sign-up with a
waiting list, attendance by QR or staff, photos and a short report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area


class ActivityKind(models.TextChoices):
    LOVE_IN_COMMUNITY = "love_in_community", _("Love in the community")
    PERFORMANCE = "performance", _("Arts performance")
    LAW = "law", _("Law in the community")
    MORAL_LECTURE = "moral_lecture", _("Moral lecture hall")
    OTHER = "other", _("Other")


class ActivityState(models.TextChoices):
    PUBLISHED = "published", _("Open for sign-up")
    DONE = "done", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("participants"))
    volunteer_places = models.PositiveIntegerField(_("volunteers wanted"), default=0)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ActivityState.choices,
                             default=ActivityState.PUBLISHED)
    report = models.TextField(_("report"), max_length=4000, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    checkin_token = models.CharField(max_length=32, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="activity_ends_after_start")]
        verbose_name = _("activity")

    def __str__(self):
        return self.title


class SignupRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    VOLUNTEER = "volunteer", _("Volunteer")


class SignupState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Signup(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("as"), max_length=12, choices=SignupRole.choices)
    state = models.CharField(_("state"), max_length=10, choices=SignupState.choices)
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "resident_id"}

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "resident"],
                                               name="signup_once_per_activity")]
        indexes = [models.Index(fields=["activity", "role", "state"], name="signup_state")]
        verbose_name = _("sign-up")

    def __str__(self):
        return f"{self.activity_id}:{self.resident_id}"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="activities/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("activity photo")

    def __str__(self):
        return self.caption or self.image.name
