"""Roster import and export jobs. An import job holds an uploaded roster between upload,
preview and commit; an export job holds a workbook made in the background until it is
downloaded. Their files contain personal data and live under MEDIA_ROOT/imports/ with mode
0600, are never served statically, and are deleted on commit or expiry."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.territory.models import Area

from .storage import FILE_TTL


class JobState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ImportMode(models.TextChoices):
    VALID_ROWS = "valid-rows", _("Import the valid rows, report the rejected ones")
    ALL_OR_NOTHING = "all-or-nothing", _("Import nothing while any row is rejected")


class FileImportJob(models.Model):
    """What every import job keeps between upload, check (a dry run) and commit: its
    uploaded file and error workbook (personal data, mode 0600 under MEDIA_ROOT/imports/),
    its state and the row counts. The roster import and the set-up imports extend it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=JobState.choices,
                             default=JobState.UPLOADED)
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
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_running(self) -> bool:
        return self.state in {JobState.UPLOADED, JobState.CHECKING, JobState.COMMITTING}

    @property
    def can_commit(self) -> bool:
        """A checked job may be confirmed unless its mode refuses it. A file whose rows are all
        unchanged commits too, changing nothing: importing the same file again succeeds."""
        if self.state != JobState.CHECKED:
            return False
        if self.mode == ImportMode.ALL_OR_NOTHING and self.rows_rejected:
            return False
        return bool(self.rows_new or self.rows_updated or self.rows_unchanged)

    def counts(self) -> dict:
        return {"new": self.rows_new, "updated": self.rows_updated,
                "unchanged": self.rows_unchanged, "rejected": self.rows_rejected,
                "total": self.rows_total}


class ImportJob(FileImportJob):
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("mode"), max_length=16, choices=ImportMode.choices,
                            default=ImportMode.VALID_ROWS)
    build_structure = models.BooleanField(_("build the housing structure"), default=False)
    grid = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta(FileImportJob.Meta):
        verbose_name = _("roster import")

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def new_structure(self) -> dict:
        """Counts of the compounds, buildings, entrances and rooms the check plans to create."""
        return (self.report or {}).get("new_structure") or {}

    @property
    def lacks_housing(self) -> bool:
        """Rows were rejected because their address does not exist, and adding the housing
        was not asked for: the page offers to check again adding it."""
        return self.state == JobState.CHECKED and not self.build_structure and any(
            e.get("code") == "address_unknown"
            for r in (self.report or {}).get("rejected", []) for e in r.get("errors", []))

    @property
    def needs_structure_confirmation(self) -> bool:
        return bool(self.new_structure.get("households"))


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Exporting")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportJob(models.Model):
    """A resident export made in the background. Its workbook holds personal data: it
    lives under MEDIA_ROOT/imports/ with mode 0600, only its creator may download it (while
    their scope still covers the area), and it is deleted on expiry."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reveal = models.BooleanField(_("ID numbers and phones in clear"), default=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=ExportState.choices,
                             default=ExportState.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=300, blank=True)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resident export")

    def __str__(self):
        return f"{self.area} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in {ExportState.QUEUED, ExportState.RUNNING}

    @property
    def expires_at(self):
        return self.created_at + FILE_TTL

    @property
    def progress(self) -> dict:
        """The shape the progress bar shares with import jobs."""
        return {"phase": self.state, "done": self.rows_done, "total": self.rows_total}
