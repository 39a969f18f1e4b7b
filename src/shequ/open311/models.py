"""Open311 clients: who may POST service requests, with a hashed key and a rate limit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.territory.models import Area


class Open311Client(models.Model):
    """An application allowed to submit requests. Only a SHA-256 of its key is stored; the
    key is shown once when issued. ``area`` is where its reports are filed when they cannot
    be placed on a building (staff route them to a grid)."""

    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("area served"))
    rate_limit_per_minute = models.PositiveIntegerField(_("requests per minute"), default=60)
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 client")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
