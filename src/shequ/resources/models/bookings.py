"""Bookings of shared resources, their weekly series and the negotiation threads between a
booker and a resource's owner.

No two *confirmed* bookings of one resource overlap: on PostgreSQL an exclusion constraint
over ``tstzrange(starts_at, ends_at)`` refuses the second (migration 0002, created only on
that database); on SQLite every write transaction begins IMMEDIATE (settings), so the
services' check-then-write runs serialised."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import Unit

from .resources import Resource


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    NEGOTIATING = "negotiating", _("Negotiating")
    NO_SHOW = "no_show", _("No-show")


# Bookings that hold (or claim) their slot.
LIVE = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.NEGOTIATING)


class BookingSeries(models.Model):
    """A weekly booking until a date; each occurrence is a Booking of its own, so one can be
    cancelled (an exception) without touching the others."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="+")
    booker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    first_start = models.DateTimeField()
    first_end = models.DateTimeField()
    until = models.DateField(_("until"))
    skipped = models.JSONField(default=list, blank=True)  # ISO dates left out at creation
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking series")

    def __str__(self):
        return f"{self.resource_id} weekly until {self.until}"


class Booking(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    booker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="resource_bookings")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("on behalf of"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    attendees = models.PositiveIntegerField(_("people"), default=1)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.REQUESTED)
    by_owner = models.BooleanField(default=False)
    series = models.ForeignKey(BookingSeries, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="bookings")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    checkin_token = models.CharField(max_length=32, unique=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    path = OrderedKeyField(max_length=64, db_index=True)  # the resource's path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="booking_ends_after_start")]
        indexes = [
            # Covering for the calendars and the free search (no table lookups).
            models.Index(fields=["resource", "starts_at", "ends_at", "status"],
                         name="booking_resource_span"),
            models.Index(fields=["booker", "starts_at"], name="booking_booker_start"),
            models.Index(fields=["unit", "starts_at"], name="booking_unit_start"),
        ]
        verbose_name = _("booking")

    def __str__(self):
        return f"{self.resource_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class NegotiationState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Deadline passed")
    CLOSED = "closed", _("Closed")


class Negotiation(models.Model):
    """The thread about one booking. ``displaces`` is set when an owner's booking overlaps a
    confirmed request made earlier: the owner's booking waits until the earlier booker
    accepts (giving up their slot) or ``deadline`` passes."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="negotiation")
    displaces = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    state = models.CharField(max_length=10, choices=NegotiationState.choices,
                             default=NegotiationState.OPEN)
    deadline = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["state", "deadline"], name="negotiation_due")]
        verbose_name = _("negotiation")

    def __str__(self):
        return f"negotiation {self.booking_id}"


class NegotiationMessage(models.Model):
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE,
                                    related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("message"), max_length=1000, blank=True)
    proposed_start = models.DateTimeField(_("proposed start"), null=True, blank=True)
    proposed_end = models.DateTimeField(_("proposed end"), null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("message")

    def __str__(self):
        return self.text[:40]
