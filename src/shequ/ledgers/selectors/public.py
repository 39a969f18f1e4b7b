"""What the public (Open311 clients, no account) may read: categories open to the public
and the cases filed in them. Stability categories never appear, whatever their flags.
Of a case, only the text the public itself filed is published, personal data masked."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from shequ.core.errors import NotFound
from shequ.core.logfilters import redact
from shequ.core.scoping import PATH_END

from ..models import Case, CaseSource, Category, Ledger

# Channels where the public wrote the text; a grid worker's or the counter's record may
# name a household and is never published.
PUBLIC_TEXT_SOURCES = (CaseSource.PORTAL, CaseSource.OPEN311)


def public_text(text: str) -> str:
    """Text as anything public shows it: phones and ID numbers masked, the same rule (and
    patterns) as the log filter."""
    return redact(text or "")


def published_description(case: Case) -> str | None:
    """The description Open311 publishes: the public text staff wrote, else the
    reporter's own, masked; None for cases whose text the public did not write."""
    if case.source not in PUBLIC_TEXT_SOURCES:
        return None
    return public_text(case.public_description or case.description)


def published_address(case: Case) -> str | None:
    if case.source not in PUBLIC_TEXT_SOURCES or not case.address:
        return None
    return public_text(case.address)


def public_categories() -> QuerySet[Category]:
    return (Category.objects.filter(is_active=True, public=True)
            .exclude(ledger=Ledger.STABILITY).order_by("ledger", "order", "id"))


def public_category_get(code: str) -> Category:
    try:
        return public_categories().get(code=code)
    except Category.DoesNotExist:
        raise NotFound() from None


def public_cases(*, ids: list[int] | None = None, codes: list[str] | None = None,
                 start: dt.datetime | None = None, end: dt.datetime | None = None,
                 states: list[str] | None = None, area_path: str | None = None,
                 limit: int = 1000) -> list[Case]:
    """Cases in public categories, newest first. ``ids`` overrides every other argument
    (as GeoReport v2 says of service_request_id)."""
    qs = Case.objects.filter(category__in=public_categories()).select_related(
        "category", "grid__parent")
    if ids is not None:
        return list(qs.filter(pk__in=ids).order_by("-created_at", "-id")[:limit])
    if codes:
        qs = qs.filter(category__code__in=codes)
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lte=end)
    if states:
        qs = qs.filter(state__in=states)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + PATH_END)
    return list(qs.order_by("-created_at", "-id")[:limit])


def public_case_get(case_id) -> Case:
    found = public_cases(ids=[case_id]) if str(case_id).isdigit() else []
    if not found:
        raise NotFound()
    return found[0]
