"""Notices (通知公告) with read receipts, and the notification centre every module sends
through (``services.notify``).

A *notice* is addressed to a territory subtree, optionally narrowed to roles; when it is
published its audience is fixed as one ``NoticeReceipt`` per recipient (who has read it and
who has not). A *notification* is one line in one user's centre; the rows that go out on
a channel (console, SMS, WeChat) wait with ``delivered_at`` empty until the worker sends
them, at once for what needs action, in a daily or weekly digest for the rest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area


class NoticeState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("notice", "Withdrawn")


class Notice(models.Model):
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=8000)
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    area = models.ForeignKey(Area, verbose_name=_("addressed to"), on_delete=models.PROTECT,
                             related_name="+")
    # Roles the notice is narrowed to; empty: everybody with a role in the subtree.
    roles = models.JSONField(_("roles"), default=list, blank=True)
    # Party organisations (ids, with their sub-organisations): the notice goes to their
    # members' accounts instead of the roles in the area (notices.audiences).
    org_ids = models.JSONField(_("party organisations"), default=list, blank=True)
    publish_at = models.DateTimeField(_("publish at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=NoticeState.choices,
                             default=NoticeState.SCHEDULED)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "publish_at"], name="notice_due")]
        verbose_name = _("notice")

    def __str__(self):
        return self.title

    @property
    def is_live(self) -> bool:
        """Published and not expired: what recipients see."""
        return self.state == NoticeState.PUBLISHED and (
            self.expires_at is None or self.expires_at > timezone.now())


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="notices/%Y/%m/")
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class NoticeReceipt(models.Model):
    """One recipient of a published notice: read or not yet, and when last reminded."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notice_receipts")
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["notice", "user"],
                                               name="notice_receipt_unique")]
        indexes = [models.Index(fields=["user", "notice"], name="notice_receipt_user")]

    def __str__(self):
        return f"{self.notice_id}:{self.user_id}"


class Urgency(models.TextChoices):
    ACTION = "action", _("Needs action")   # sent at once, whatever the preference
    NORMAL = "normal", _("For information")


class Cadence(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=2000, blank=True)
    link = models.CharField(max_length=300, blank=True)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    created_at = models.DateTimeField(_("sent"), db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Where it goes besides the centre ("" : the centre only) and when (the cadence).
    channel = models.CharField(max_length=16, blank=True)
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["cadence", "id"], condition=Q(delivered_at__isnull=True),
                         name="notification_pending"),
        ]
        verbose_name = _("notification")

    def __str__(self):
        return self.title


class Preference(models.Model):
    """A user's choice for one kind of notification ("*": every kind without its own)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    cadence = models.CharField(_("when"), max_length=10, choices=Cadence.choices,
                               default=Cadence.DAILY)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"],
                                               name="notification_preference_unique")]

    def __str__(self):
        return f"{self.user_id}:{self.kind}"
