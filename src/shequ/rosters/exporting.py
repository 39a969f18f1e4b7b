"""Exporting residents as a roster workbook that the importer reads back unchanged.

The workbook is streamed (``core.downloads.Workbook(streamed=True)``, which also keeps
typed text from becoming formulas; rows read with ``iterator()``), so memory stays flat however many rows a district has. ID numbers and phones are masked
unless the actor may reveal personal data over the whole exported area and asks to, with
a reason; every export writes one audit record (who, area, row count, revealed or not,
reason) before the file is handed over. The web and the API run exports as background
jobs (``services.export_job_*``); the CLI calls :func:`export_residents` directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from shequ.accounts.roles import Action
from shequ.core import audit, crypto
from shequ.core.actors import is_system
from shequ.core.downloads import Workbook
from shequ.core.errors import DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.scoping import may
from shequ.registry.models import Resident
from shequ.registry.selectors import ResidentFilters, resident_list
from shequ.territory.models import Area

from .cells import (
    GENDER_LABELS,
    POLITICAL_ALIASES,
    RELATION_ALIASES,
    RESIDENCE_ALIASES,
    label,
)
from .headers import FIELD_ALIASES

EXPORT_FIELDS = ("seq", "name", "gender", "ethnicity", "id_number", "birth_date", "phone",
                 "compound", "building", "entrance", "room", "relation", "political_status",
                 "residence_type", "note")
EXPORT_HEADER = [FIELD_ALIASES[f][0] for f in EXPORT_FIELDS]
# A masked export shows the birth year: the date would complete the masked ID number
# (registry/pii.py). Only a revealed export carries the date, so only it imports back.
MASKED_HEADER = ["出生年份" if f == "birth_date" else h
                 for f, h in zip(EXPORT_FIELDS, EXPORT_HEADER, strict=True)]
CHUNK_SIZE = 2000
PROGRESS_EVERY = 2000  # rows between two progress calls
_VALUES = ("name", "gender", "ethnicity", "id_number_masked", "birth_date", "phone_masked",
           "household__entrance__building__compound__name", "household__entrance__building__name",
           "household__entrance__name", "household__room", "relation", "political_status",
           "residence_type", "note")


def export_check(actor, area: Area, reveal: bool, reason: str) -> str:
    """The rule for every export and every download of one: the actor's export scope covers
    the whole area (NotFound otherwise, as for an unknown area); revealing needs the reveal
    scope over it too and a reason. Returns the reason, trimmed."""
    if not may(actor, Action.EXPORT_PEOPLE, area.path):
        raise NotFound(field="scope")
    reason = (reason or "").strip()
    if reveal:
        if not may(actor, Action.REVEAL_PII, area.path):
            raise Forbidden(_("You may not reveal personal data in this area."), field="reveal")
        if len(reason) < 2:
            raise DomainError(_("Say why the export needs ID numbers and phones in clear "
                                "(at least 2 characters)."), code=ErrorCode.REQUIRED, field="reason")
    return reason


def _queryset(actor, area: Area):
    if is_system(actor):  # the system (CLI without --actor): the whole area
        qs = Resident.objects.filter(is_active=True, path__gte=area.path,
                                     path__lt=area.path + "~")
    else:
        qs = resident_list(actor=actor, filters=ResidentFilters(area=area))
    # (path, id) is the order of the resident_path_id index: rows stream from it with no
    # sort held in memory, grouped by grid.
    return qs.order_by("path", "id")


def export_residents(*, actor, area: Area, out: Path | str, reveal: bool = False,
                     reason: str = "", progress: Callable[[int, int], None] | None = None) -> int:
    """Write the active residents of ``area`` to ``out`` (mode 0600). Returns the row count."""
    reason = export_check(actor, area, reveal, reason)
    qs = _queryset(actor, area)
    fields = _VALUES + (("id_number_enc", "phone_enc") if reveal else ())
    total = qs.count() if progress else 0
    relations = {c: label(RELATION_ALIASES, c) for c in RELATION_ALIASES}
    political = {c: label(POLITICAL_ALIASES, c) for c in POLITICAL_ALIASES}
    residence = {c: label(RESIDENCE_ALIASES, c) for c in RESIDENCE_ALIASES}
    wb = Workbook(streamed=True)
    ws = wb.sheet("人口台账", EXPORT_HEADER if reveal else MASKED_HEADER)
    if progress:
        progress(0, total)
    n = 0
    for v in qs.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        n += 1
        id_number, phone = v[3], v[5]
        if reveal:
            id_number = crypto.decrypt(v[14])
            phone = crypto.decrypt(v[15]) if v[15] else ""
        birth = v[4].isoformat() if reveal else v[4].year
        ws.append([n, v[0], GENDER_LABELS.get(v[1], ""), v[2], id_number, birth,
                   phone or None, v[6], v[7], v[8], v[9], relations.get(v[10], v[10]),
                   political.get(v[11], v[11]), residence.get(v[12], v[12]), v[13] or None])
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        wb.save_private(tmp)
        audit.record(actor=actor, action="export", entity="area", entity_id=area.pk,
                     summary=f"{area.name} ({area.code})",
                     after={"rows": n, "scope": area.code, "revealed": reveal},
                     reason=reason[:300])
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    if progress:
        progress(n, total)
    return n

