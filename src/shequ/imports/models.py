"""A set-up import held between upload, check (a dry run) and commit. Its files (the upload,
the error workbook) may hold personal data: they live under MEDIA_ROOT/imports/ with mode
0600, only the job's creator fetches them, and they are deleted on commit or expiry."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.territory.models import Area


class SetupJobState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class SetupImportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20)
    into = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=SetupJobState.choices,
                             default=SetupJobState.UPLOADED)
    mode = models.CharField(_("mode"), max_length=16, default="valid-rows")
    original_name = models.CharField(_("file"), max_length=200)
    file_path = models.CharField(max_length=300, blank=True)
    error_path = models.CharField(max_length=300, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("set-up import")

    def __str__(self):
        return f"{self.kind} {self.original_name} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in {SetupJobState.UPLOADED, SetupJobState.CHECKING,
                              SetupJobState.COMMITTING}

    @property
    def can_commit(self) -> bool:
        if self.state != SetupJobState.CHECKED:
            return False
        if self.mode == "all-or-nothing" and self.rows_rejected:
            return False
        return bool(self.rows_new or self.rows_updated or self.rows_unchanged)

    def counts(self) -> dict:
        return {"new": self.rows_new, "updated": self.rows_updated,
                "unchanged": self.rows_unchanged, "rejected": self.rows_rejected,
                "total": self.rows_total}
