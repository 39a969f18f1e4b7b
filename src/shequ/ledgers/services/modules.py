"""Intake from other modules: a patrol incident (平安联护) or a monitoring rule files a case
without a person at a form.

    from shequ.ledgers.services import case_file_from_module

    case = case_file_from_module(
        source="patrol", source_ref=f"patrol-incident:{incident.pk}",
        category_code="safety_hazard", description=incident.text,
        building=incident.building,            # or grid=…, or area=<community> to route later
        subject=resident_or_none)              # the person concerned, if any

The call is the system acting (no user permission is needed, none is drawn from the
caller); the case gets its deadline, first event, audit row and early warning exactly as
any other intake. ``source_ref`` names the incident in the calling module: calling again
with the same one — a retried job, a re-run rule — returns the case already filed
instead of a second one (a partial unique index holds under concurrency too).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError
from django.utils.translation import gettext as _

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.registry.models import Resident
from shequ.territory.models import Area, Building, Household

from ..models import Case, CaseSource
from ..selectors.cases import category_get
from .cases import case_create

MODULE_SOURCES = (CaseSource.PATROL, CaseSource.RULE)


def _existing(source: str, source_ref: str) -> Case | None:
    return Case.objects.filter(source=source, source_ref=source_ref).first()


def case_file_from_module(*, source: str, source_ref: str, category_code: str,
                          description: str, title: str = "", grid: Area | None = None,
                          building: Building | None = None,
                          household: Household | None = None, area: Area | None = None,
                          subject: Resident | None = None, reporter_name: str = "",
                          attributes: dict | None = None,
                          received_at: dt.datetime | None = None) -> Case:
    """File (or find again) the case for one incident of another module. ``source`` is
    ``patrol`` or ``rule``; ``source_ref`` (at most 60 characters) is required and
    identifies the incident; the category is named by its code and may be in any
    ledger, stability included."""
    if source not in MODULE_SOURCES:
        raise DomainError(_("Other modules file cases as a patrol or a monitoring rule."),
                          field="source")
    source_ref = (source_ref or "").strip()
    if not source_ref or len(source_ref) > 60:
        raise DomainError(_("Name the incident (1 to 60 characters)."), code=ErrorCode.REQUIRED,
                          field="source_ref")
    try:
        category = category_get(category_code)
    except NotFound:
        raise DomainError(_("Unknown category."), field="category") from None
    found = _existing(source, source_ref)
    if found is not None:
        return found
    try:
        return case_create(actor=SYSTEM, category=category, description=description,
                           source=source, source_ref=source_ref, title=title, grid=grid,
                           building=building, household=household, area=area,
                           subject=subject, reporter_name=reporter_name,
                           attributes=attributes, received_at=received_at)
    except IntegrityError:
        # The same incident filed at the same instant by another worker: theirs stands.
        found = _existing(source, source_ref)
        if found is None:
            raise
        return found
