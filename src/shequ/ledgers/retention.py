"""The ledgers' retention categories (see ``core.retention``). A case never disappears
(DESIGN: no hard delete), so what expires is the reporter's personal data on it, which is
anonymised in place:

- ``closed_cases``: the reporter's name and phone (encrypted value, keyed hash, masked copy
  and last four digits) on cases closed, resolved or rejected before the cutoff;
- ``anonymous_reporter_phones``: the phone of a report filed on the portal by someone not
  signed in, once the report is no longer open and was received before the cutoff (the
  phone is what lets them look the report up and staff call them back).

The link to a registry resident (``reporter``) is not personal data held by the case and
stays. Each category counts only cases that still hold something to remove, so a second run
changes (and audits) nothing."""

from __future__ import annotations

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from .models import CLOSED_STATES, OPEN_STATES, Case, CaseSource

_HAS_PHONE = Q(reporter_phone_enc__isnull=False) | ~Q(reporter_phone_hash="") | ~Q(
    reporter_phone_masked="") | ~Q(reporter_phone_tail4="")
_NO_PHONE = {"reporter_phone_enc": None, "reporter_phone_hash": "",
             "reporter_phone_masked": "", "reporter_phone_tail4": ""}


def _anonymise(cases, fields: dict, *, dry_run: bool) -> int:
    if dry_run:
        return cases.count()
    # version moves on so a form opened on the old data cannot write it back.
    return cases.update(**fields, version=F("version") + 1)


def closed_cases_apply(*, cutoff, dry_run: bool) -> int:
    """Remove the reporter's name and phone from cases finished before ``cutoff``."""
    cases = (Case.objects.filter(state__in=CLOSED_STATES)
             .alias(finished=Coalesce("closed_at", "resolved_at"))
             .filter(finished__lt=cutoff)
             .filter(~Q(reporter_name="") | _HAS_PHONE))
    return _anonymise(cases, {"reporter_name": "", **_NO_PHONE}, dry_run=dry_run)


def anonymous_reporter_phones_apply(*, cutoff, dry_run: bool) -> int:
    """Remove the phone of anonymous portal reports received before ``cutoff`` and no
    longer open."""
    cases = (Case.objects.filter(source=CaseSource.PORTAL, created_by__isnull=True,
                                 created_at__lt=cutoff)
             .exclude(state__in=OPEN_STATES)
             .filter(_HAS_PHONE))
    return _anonymise(cases, _NO_PHONE, dry_run=dry_run)


def categories() -> list:
    """The ledgers' retention categories, for its manifest."""
    from django.utils.translation import gettext_lazy as _

    from shequ.core import retention

    return [
        retention.Policy(category="closed_cases",
                         label=_("Reporter's name and phone on closed cases"),
                         disposal=retention.Disposal.ANONYMISE, apply=closed_cases_apply),
        retention.Policy(category="anonymous_reporter_phones",
                         label=_("Phone of anonymous portal reports"),
                         disposal=retention.Disposal.ANONYMISE,
                         apply=anonymous_reporter_phones_apply),
    ]
