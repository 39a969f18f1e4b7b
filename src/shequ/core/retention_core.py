"""The retention categories core enforces itself: expired sessions and the audit archive
(see ``core.retention``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import auditchain, retention
from .actors import SYSTEM
from .models import AuditEvent


def sessions_apply(*, cutoff, dry_run: bool) -> int:
    """Sessions past their expiry date (Django's ``clearsessions``)."""
    expired = Session.objects.filter(expire_date__lt=min(cutoff, timezone.now()))
    if dry_run:
        return expired.count()
    return expired.delete()[0]


def audit_apply(*, cutoff, dry_run: bool) -> int:
    """Audit rows past retention go to a new archive file under ``AUDIT_ARCHIVE_DIR``."""
    if dry_run:
        return AuditEvent.objects.filter(at__lt=cutoff).count()
    folder = Path(settings.AUDIT_ARCHIVE_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    out = folder / f"audit-{timezone.now():%Y%m%dT%H%M%S%f}.jsonl"
    return auditchain.archive(actor=SYSTEM, before=cutoff, out=out)


def categories() -> list[retention.Policy]:
    """The core's retention categories, for its manifest."""
    return [
        retention.Policy(category="sessions", label=_("Expired sessions"),
                         disposal=retention.Disposal.DELETE, apply=sessions_apply),
        retention.Policy(category="audit", label=_("Audit trail"),
                         disposal=retention.Disposal.ARCHIVE, apply=audit_apply),
    ]
