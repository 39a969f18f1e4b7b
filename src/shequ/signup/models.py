"""Residents' own accounts: a one-time code sent to the phone the registry holds
(``Challenge``), and a staff member's single-use invitation (``Invitation``). Neither keeps
a secret in clear: codes and tokens are stored as keyed hashes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident


class Challenge(models.Model):
    """One code sent to a matched resident's phone. ``key`` (random, public) names the
    challenge to the client; ``code_hash`` is a keyed hash of key + code."""

    key = models.CharField(max_length=64, unique=True)
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up code")

    def __str__(self):
        return f"challenge {self.pk}"


class Invitation(models.Model):
    """A link (and its QR code) a staff member hands a resident to make their account."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    # Staff may take an open invitation back (handed to the wrong person, lost): the link
    # is then refused with its own message.
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-up invitation")

    def __str__(self):
        return f"invitation {self.pk}"
