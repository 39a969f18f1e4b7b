"""Core models: the append-only, hash-chained audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which record, with before/after. Rows are never updated or deleted:
    the model refuses it and database triggers (``core.appendonly``) refuse it too. Each row
    carries ``seq`` (its place in the chain) and ``mac``, the HMAC of the previous row's mac
    and this row's content (``core.audit``), so an altered, removed or reordered row shows
    (``shequ check-audit``)."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    entity = models.CharField(_("record type"), max_length=60)
    entity_id = models.CharField(max_length=40)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    seq = models.BigIntegerField(unique=True)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entity", "entity_id"])]
        verbose_name = _("audit event")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.entity}#{self.entity_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")


class AuditChainHead(models.Model):
    """The one row (pk 1) that serialises audit writers: ``record`` locks it, reads the last
    ``seq``/``mac`` and moves it forward in the same transaction as the new audit row.
    ``anchor_seq``/``anchor_mac`` are where the rows still in the table start: the last row
    moved to an archive file by ``shequ archive-audit`` (0 and "" before any archive)."""

    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_mac = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"audit chain at {self.seq}"


class RateCounter(models.Model):
    """One fixed window of a rate limit (see ``core.ratelimit``): how many hits ``key`` has
    had in the window that ends at ``expires_at``. Written only by ``ratelimit.hit``."""

    key = models.CharField(max_length=120, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.hits} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
