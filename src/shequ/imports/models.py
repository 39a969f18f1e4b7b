"""A set-up import held between upload, check (a dry run) and commit. Its files (the upload,
the error workbook) may hold personal data: they live under MEDIA_ROOT/imports/ with mode
0600, only the job's creator fetches them, and they are deleted on commit or expiry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.rosters.models import FileImportJob
from shequ.territory.models import Area


class SetupImportJob(FileImportJob):
    """A set-up import (territory, party organisations, units, party members, accounts)
    into an area: the roster import's job with the kind of file and no housing options."""

    kind = models.CharField(_("kind"), max_length=20)
    into = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("mode"), max_length=16, default="valid-rows")

    class Meta(FileImportJob.Meta):
        verbose_name = _("set-up import")

    def __str__(self):
        return f"{self.kind} {self.original_name} ({self.get_state_display()})"
