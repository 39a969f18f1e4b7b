"""Committing a planned import: everything in ONE transaction, so a crash or an error at any
point leaves the registry as it was, and running the same import again converges to the
same end state.

New residents are inserted in large ``executemany`` batches with the stored columns computed
by the registry's own functions (registry.pii for ID and phone, registry.services.name_fields
for the search keys); changed residents go through registry.services.resident_update, which
checks scope and writes the masked before/after audit record.
"""

from __future__ import annotations

import multiprocessing
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError
from shequ.registry import pii
from shequ.registry.models import Resident
from shequ.registry.services import name_fields, resident_update
from shequ.rosters.errors import RosterErrorCode
from shequ.territory import services as territory
from shequ.territory.models import Building, Household

from .addresses import NewHousehold, building_name, entrance_name
from .models import ImportMode
from .planning import DEFAULT_RELATION, Plan, Progress, Row
from .selectors import residents_by_id_hash

BATCH_SIZE = 5000
DEFAULTS = {"relation": DEFAULT_RELATION, "ethnicity": "汉族", "political_status": "masses",
            "residence_type": "registered", "note": ""}


def commit_plan(*, actor, plan: Plan, mode: str, label: str = "",
                progress: Progress | None = None) -> dict:
    """Write a plan. In all-or-nothing mode any rejected row refuses the whole import.
    Returns the counts; writes nothing at all (not even an audit row) when nothing changed."""
    counts = plan.counts()
    if mode == ImportMode.ALL_OR_NOTHING and counts["rejected"]:
        raise DomainError(
            _("%(n)d rows are rejected; nothing was imported. Fix them or import the valid rows.")
            % {"n": counts["rejected"]}, code=RosterErrorCode.ROWS_REJECTED, field="mode")
    new_rows = [r for r in plan.rows if r.status == "new"]
    updated = [r for r in plan.rows if r.status == "updated"]
    if not new_rows and not updated:
        return counts
    try:
        with transaction.atomic():
            households = _ensure_structure(plan)
            _check_still_new(new_rows)
            # One head per household holds at every statement: heads step down or move out
            # first, then the rows that end as heads, then the new people.
            _update(actor, [r for r in updated if not r.head], households, progress)
            _update(actor, [r for r in updated if r.head], households, progress)
            _insert(new_rows, households, progress)
            audit.record(actor=actor, action="import", entity="roster_import",
                         entity_id=plan.community.pk,
                         summary=(label or plan.community.name)[:300],
                         after={**counts, "community": plan.community.code,
                                "new_structure": plan.new_structure()})
    except IntegrityError as exc:  # a concurrent registration of one of these people
        raise _changed() from exc
    return counts


def _ensure_structure(plan: Plan) -> dict[NewHousehold, tuple[int, str]]:
    """Create the compounds, buildings, entrances and rooms a build-the-structure import
    planned, through the territory services that own paths."""
    s = plan.structure
    wanted = {r.household for r in plan.rows
              if r.status in ("new", "updated") and isinstance(r.household, NewHousehold)}
    out: dict[NewHousehold, tuple[int, str]] = {}
    compounds = {c.name: c for c in s.compounds.values()}
    buildings: dict[tuple[str, str], Building] = {}
    for new in sorted(wanted, key=lambda h: (h.compound, h.building, h.entrance, h.room)):
        compound = None
        if new.compound:
            compound = compounds.get(new.compound)
            if compound is None:
                compound, _c = territory.compound_get_or_create(community=plan.community,
                                                                name=new.compound)
                compounds[new.compound] = compound
        key = (new.compound, new.building)
        building = buildings.get(key)
        if building is None:
            if compound is not None:
                bid = s.buildings.get((compound.pk, new.building))
            else:
                bid = (s.buildings_by_key.get(new.building) or [None])[0]
            if bid is not None:
                building = Building.objects.select_related("compound").get(pk=bid)
            else:
                building, _c = territory.building_get_or_create(
                    grid=s.grid, compound=compound, name=building_name(new.building))
            buildings[key] = building
        entrance, _c = territory.entrance_get_or_create(building=building,
                                                         name=entrance_name(new.entrance))
        household, _c = territory.household_get_or_create(entrance=entrance, room=new.room)
        out[new] = (household.pk, household.path)
    return out


def _changed() -> Conflict:
    return Conflict(_("The registry changed while this import was being prepared; run it "
                      "again."), field="file")


def _check_still_new(rows: list[Row]) -> None:
    if residents_by_id_hash([r.id_hash for r in rows]):
        raise _changed()


def _columns() -> list[str]:
    return [f.column for f in Resident._meta.concrete_fields if not f.primary_key]


def _insert_batch(sql: str, params: list[tuple]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _insert(rows: list[Row], households: dict, progress: Progress | None) -> None:
    if not rows:
        return
    columns = _columns()
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from model meta
        qn(Resident._meta.db_table), ", ".join(qn(c) for c in columns),
        ", ".join(["%s"] * len(columns)))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    done, total = 0, len(rows)
    for params in _param_batches((rows, households, columns, now,
                                  connection.ops.adapt_datefield_value)):
        _insert_batch(sql, params)
        done += len(params)
        if progress:
            progress("write", done, total)


# Computing the stored columns (encryption, keyed hashes, pinyin) is the CPU-bound part of
# an import. Large imports compute batches in a forked helper process (settings
# ROSTERS_IMPORT_HELPERS, default 1; 0 computes inline) while this process writes the
# previous batch into the database; helpers never touch the database.
PARALLEL_MIN_ROWS = 20_000
_work: tuple | None = None  # what forked helpers read; set only under _fork_lock
_fork_lock = threading.Lock()


def _params(bounds: tuple[int, int], work: tuple | None = None) -> list[tuple]:
    rows, households, columns, now, adapt_date = work or _work
    out = []
    for row in rows[bounds[0]:bounds[1]]:
        household_id, path = (households[row.household]
                              if isinstance(row.household, NewHousehold) else row.household)
        values = {
            "household_id": household_id, "path": path,
            "relation": row.relation or DEFAULTS["relation"],
            "gender": row.id.gender, "birth_date": adapt_date(row.id.birth_date),
            "ethnicity": row.ethnicity or DEFAULTS["ethnicity"],
            "political_status": row.political_status or DEFAULTS["political_status"],
            "residence_type": row.residence_type or DEFAULTS["residence_type"],
            "note": row.note or "", "is_active": True, "user_id": None,
            "created_at": now, "updated_at": now,
            **name_fields(row.name),
            **pii.id_columns_for(row.id).as_fields(),
            **pii.phone_columns(row.phone).as_fields(),
        }
        out.append(tuple(values[c] for c in columns))
    return out


def _param_batches(work: tuple):
    global _work
    n = len(work[0])
    bounds = [(s, min(s + BATCH_SIZE, n)) for s in range(0, n, BATCH_SIZE)]
    helpers = getattr(settings, "ROSTERS_IMPORT_HELPERS", 1)
    if n < PARALLEL_MIN_ROWS or helpers < 1 or \
            "fork" not in multiprocessing.get_all_start_methods():
        for b in bounds:
            yield _params(b, work)
        return
    with _fork_lock:
        _work = work
        try:
            with multiprocessing.get_context("fork").Pool(helpers) as pool:
                yield from pool.imap(_params, bounds)
        finally:
            _work = None


def _update(actor, rows: list[Row], households: dict, progress: Progress | None) -> None:
    if not rows:
        return
    wanted = set()
    for row in rows:
        h = row.changes.get("household")
        if h is not None:
            wanted.add(households[h][0] if isinstance(h, NewHousehold) else h[0])
    by_id = Household.objects.in_bulk(sorted(wanted))
    for i, row in enumerate(rows, 1):
        changes = dict(row.changes)
        if "household" in changes:
            h = changes["household"]
            changes["household"] = by_id[households[h][0] if isinstance(h, NewHousehold)
                                         else h[0]]
        resident_update(actor=actor, resident=Resident(pk=row.resident_id), **changes)
        if progress and i % 500 == 0:
            progress("update", i, len(rows))
