"""The doors of the notices app for writes. ``notify`` is the one way any module tells
users something (docs/architecture.md, *Telling users something*)."""

from .notices import (  # noqa: F401
    FILE_TYPES,
    MAX_FILE_BYTES,
    MAX_FILES,
    audience,
    notice_create,
    notice_publish,
    notice_read,
    notice_remind,
    notice_withdraw,
    publish_due,
)
from .notifications import (  # noqa: F401
    ALL_KINDS,
    notification_mark_read,
    notification_open,
    notify,
    preference_set,
)
