"""Where roster files with personal data live: MEDIA_ROOT/imports/, mode 0700, files 0600.
Nothing here is ever served by the static or media handlers."""

import datetime as dt
from pathlib import Path

from django.conf import settings

# How long uploads, error workbooks and exports stay on disk (``shequ purge-imports``).
FILE_TTL = dt.timedelta(hours=24)


def imports_dir() -> Path:
    d = Path(settings.MEDIA_ROOT) / "imports"
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    return d
