"""资源共享清单: the shared resources of a community, who owns them, when they are open, on
which agreement they are shared, and the units that joined the sharing platform."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import Unit
from shequ.territory.models import Area

from .contacts import ContactPhone


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("Venue")
    EQUIPMENT = "equipment", _("Equipment")
    TALENT = "talent", _("Talent")
    FUNDS = "funds", _("Funds")
    CULTURE = "culture", _("Culture")
    INFORMATION = "information", _("Information")


class Bookers(models.TextChoices):
    """Who may book a resource (the owner and staff always may)."""

    RESIDENTS = "residents", _("All residents")
    UNITS = "units", _("Units of the community party committee")
    STAFF = "staff", _("Staff only")


class PlatformMember(ContactPhone):
    """平台成员: a unit that joined a community's sharing platform. Its delegates book on the
    unit's behalf and answer requests for the unit's resources; ``monthly_quota_hours``
    caps what the unit books in a calendar month (empty: no cap)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    contact = models.CharField(_("contact person"), max_length=60, blank=True)
    delegates = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                       related_name="resource_units",
                                       verbose_name=_("delegates"))
    monthly_quota_hours = models.PositiveIntegerField(_("hours per month"), null=True,
                                                      blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)  # the community's path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "community"],
                                               name="platform_member_once")]
        verbose_name = _("platform member")

    def __str__(self):
        return str(self.unit)


class Resource(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=16, choices=ResourceKind.choices)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    owner_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("owner unit"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    rules = models.TextField(_("rules"), max_length=2000, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    bookable_by = models.CharField(_("who may book"), max_length=10, choices=Bookers.choices,
                                   default=Bookers.RESIDENTS)
    requires_checkin = models.BooleanField(_("check-in by QR code"), default=False)
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)  # the community's path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "kind", "name", "id"]
        constraints = [models.CheckConstraint(condition=Q(capacity__isnull=True)
                                              | Q(capacity__gt=0),
                                              name="resource_capacity_gt_0")]
        verbose_name = _("shared resource")

    def __str__(self):
        return self.name

    @property
    def owner_name(self) -> str:
        return self.owner_unit.name if self.owner_unit_id else str(_("The community"))

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class OpeningHours(models.Model):
    """One opening band per weekday (0 = Monday); a weekday without a row is closed. Days
    the working-day calendar marks as public holidays are closed whatever the weekday."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["resource", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "weekday"], name="hours_once_per_day"),
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")),
                                   name="hours_close_after_open"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday_0_6"),
        ]
        verbose_name = _("opening hours")

    def __str__(self):
        return f"{self.weekday} {self.opens}-{self.closes}"


class StoredFile(models.Model):
    """A photo or document stored under MEDIA_ROOT with a name of our choosing, served only
    through a scoped view."""

    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("file")

    def __str__(self):
        return self.original_name


class ResourcePhoto(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="photos")
    stored = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("photo")

    def __str__(self):
        return str(self.stored_id)


class SharingAgreement(ContactPhone):
    """共享协议书: the period, terms and contact a resource is shared on, with the signed
    document. The newest agreement whose period covers a day is the one in force."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="agreements")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    terms = models.TextField(_("terms"), max_length=4000)
    contact = models.CharField(_("contact person"), max_length=60)
    document = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("signed document"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            name="agreement_ends_after_start")]
        verbose_name = _("sharing agreement")

    def __str__(self):
        return f"{self.resource_id} {self.starts_on}"
