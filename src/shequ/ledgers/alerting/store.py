"""Turning findings into warnings: one open warning per situation (``key``). A finding
for a key that already has an open or acknowledged warning adds its cases to the
evidence and may raise the level; otherwise a new warning is created. Written in bulk
so a full pass over a district stays a handful of statements."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from shequ.core import audit, lean
from shequ.core.actors import SYSTEM

from ..models import EarlyWarning, WarningState
from ..models.alerts import LEVEL_RANK


@dataclass
class Finding:
    kind: str
    key: str
    level: str
    title: str
    district_id: int
    path: str
    case_ids: list[int]
    grid_id: int | None = None
    assignee_id: int | None = None
    detail: dict = field(default_factory=dict)


def open_by_key(keys: list[str]) -> dict[str, EarlyWarning]:
    """The open (or acknowledged) warning of each key that has one."""
    out: dict[str, EarlyWarning] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        for w in EarlyWarning.objects.filter(key__in=chunk).exclude(state=WarningState.CLOSED):
            out[w.key] = w
    return out


def _existing_evidence(warning_ids: list[int], case_ids: set[int]) -> set[tuple[int, int]]:
    """Which of the (warning, case) pairs the findings name are linked already: read by the
    findings' cases, not by the warnings (a warning a burst keeps extending holds thousands
    of links, and a batch adds a few to each)."""
    through = EarlyWarning.cases.through
    wanted = set(warning_ids)
    pairs: set[tuple[int, int]] = set()
    cases = sorted(case_ids)
    for i in range(0, len(cases), 500):
        pairs.update(p for p in through.objects.filter(case_id__in=cases[i:i + 500])
                     .values_list("earlywarning_id", "case_id") if p[0] in wanted)
    return pairs


def apply_findings(findings: list[Finding]) -> tuple[list[EarlyWarning], int]:
    """Create or extend warnings; returns (new warnings, warnings extended). What exists is
    read first; the transaction holds only the writes."""
    if not findings:
        return [], 0
    by_key: dict[str, Finding] = {}
    for f in findings:
        by_key.setdefault(f.key, f)
    existing = open_by_key(list(by_key))
    have = _existing_evidence([w.pk for w in existing.values()],
                              {c for k in existing for c in by_key[k].case_ids})
    if not [k for k in by_key if k not in existing] and all(
            all((existing[k].pk, c) in have for c in f.case_ids)
            and LEVEL_RANK[f.level] <= LEVEL_RANK[existing[k].level]
            for k, f in by_key.items()):
        return [], 0  # nothing new: no write transaction at all
    with transaction.atomic():
        return _write(by_key, existing, have)


def _write(by_key, existing, have) -> tuple[list[EarlyWarning], int]:
    now = timezone.now()
    through = EarlyWarning.cases.through
    new = [f for k, f in by_key.items() if k not in existing]
    created = []
    if new:
        try:
            with transaction.atomic():
                created = EarlyWarning.objects.bulk_create([
                    EarlyWarning(kind=f.kind, level=f.level, key=f.key, title=f.title[:200],
                                 detail=f.detail, district_id=f.district_id, grid_id=f.grid_id,
                                 path=f.path, assignee_id=f.assignee_id, created_at=now,
                                 updated_at=now) for f in new])
        except IntegrityError:
            # Another process raised one of these meanwhile: extend them one by one.
            for f in new:
                w, was_created = _get_or_create_one(f, now)
                (created if was_created else []).append(w)
                existing.setdefault(f.key, w)
        if created and created[0].pk is None:  # backends without RETURNING
            fresh = open_by_key([w.key for w in created])
            created = [fresh[w.key] for w in created]
    # (warning, case) pairs as plain tuples: a burst links thousands, and a model instance
    # each cost more than writing them (one executemany, duplicates skipped).
    links = [(w.pk, cid) for w in created for cid in by_key[w.key].case_ids]
    changed = []
    for key, w in existing.items():
        f = by_key[key]
        added = [(w.pk, c) for c in f.case_ids if (w.pk, c) not in have]
        upgrade = LEVEL_RANK[f.level] > LEVEL_RANK[w.level]
        if added or upgrade:
            links.extend(added)
            changed.append((w.pk, f.level if upgrade else w.level, now, f.detail or w.detail))
    # One statement for every extended warning (a burst extends one per grid).
    lean.update_many(EarlyWarning, ("level", "updated_at", "detail"), changed)
    extended = len(changed)
    lean.insert_many(through, ("earlywarning", "case"), links, ignore_conflicts=True)
    if created:
        # One audit row per evaluation, not per warning: a full pass can raise thousands.
        audit.record(actor=SYSTEM, action="warning_raise", entity="warning",
                     entity_id=created[0].pk if len(created) == 1 else "",
                     summary=f"{len(created)} warning(s) raised, {extended} extended",
                     after={"ids": [w.pk for w in created][:200]})
    return created, extended


def _get_or_create_one(f: Finding, now) -> tuple[EarlyWarning, bool]:
    try:
        with transaction.atomic():
            return EarlyWarning.objects.create(
                kind=f.kind, level=f.level, key=f.key, title=f.title[:200], detail=f.detail,
                district_id=f.district_id, grid_id=f.grid_id, path=f.path,
                assignee_id=f.assignee_id, created_at=now, updated_at=now), True
    except IntegrityError:
        return (EarlyWarning.objects.exclude(state=WarningState.CLOSED).get(key=f.key), False)
