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
from shequ.core.freetext import clean_text
from shequ.registry import pii
from shequ.registry.models import Resident, Tag
from shequ.registry.services import name_fields, resident_update
from shequ.rosters.errors import RosterErrorCode
from shequ.territory.models import Building, Compound, Entrance, Household
from shequ.territory.services import household_address

from .addresses import NewHousehold, building_name, compound_key, entrance_name, room_key
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
    planned, in bulk: per level one multi-row insert of what is new and one read of the
    community's rows of that level, so the statements do not grow with the rows. Names are
    checked by the territory's rules (clean_text with the model's limits; the address by
    ``household_address``) and every level copies its parent's path as the territory
    services do (compound: the community; building: its grid; entrance, room: the building).
    What the plan found existing is used by id; what is new is found again by its name."""
    s = plan.structure
    wanted = {r.household for r in plan.rows
              if r.status in ("new", "updated") and isinstance(r.household, NewHousehold)}
    if not wanted:
        return {}
    community, grid = plan.community, s.grid
    if not grid.path.startswith(community.path + "."):
        raise DomainError(_("The grid is not in the compound's community."), field="grid")
    in_community = {"path__gte": community.path, "path__lt": community.path + "~"}
    # compounds
    _insert_rows(Compound, ("community_id", "name", "path"), [
        (community.pk, _name(Compound, n), community.path)
        for n in sorted({h.compound for h in wanted if h.compound})
        if compound_key(n) not in s.compounds])
    compounds = {c.name: c for c in Compound.objects.filter(community=community)}
    # buildings: (compound name, key) -> the building's id, known or to find by name
    known_building: dict[tuple[str, str], int | None] = {}
    for compound, key in sorted({(h.compound, h.building) for h in wanted}):
        if compound:
            known_building[(compound, key)] = s.buildings.get((compounds[compound].pk, key))
        else:  # the plan only lets an address without a compound name an existing building
            known_building[(compound, key)] = s.buildings_by_key[key][0]
    _insert_rows(Building, ("grid_id", "compound_id", "name", "path"), [
        (grid.pk, compounds[c].pk, _name(Building, building_name(k)), grid.path)
        for (c, k), bid in known_building.items() if bid is None])
    by_id, by_name = {}, {}
    compound_by_id = {c.pk: c for c in compounds.values()}
    for bid, cid, name, path in Building.objects.filter(**in_community).values_list(
            "id", "compound_id", "name", "path"):
        b = by_id[bid] = Building(id=bid, name=name, path=path,
                                  compound=compound_by_id.get(cid))
        by_name[(cid, name)] = b
    building = {ck: by_id[bid] if bid is not None else
                by_name[(compounds[ck[0]].pk, building_name(ck[1]))]
                for ck, bid in known_building.items()}
    # entrances: (compound name, building key, entrance key) -> id, as for buildings
    known_entrance = {(c, b, e): s.entrances.get((building[(c, b)].pk, e))
                      for c, b, e in sorted({(h.compound, h.building, h.entrance)
                                             for h in wanted})}
    _insert_rows(Entrance, ("building_id", "name", "path"), list(dict.fromkeys(
        (building[(c, b)].pk, _name(Entrance, entrance_name(e)), building[(c, b)].path)
        for (c, b, e), eid in known_entrance.items() if eid is None)))  # 7栋 = 金竹苑7栋
    e_by_id, e_by_name = {}, {}
    for eid, bid, name, path in Entrance.objects.filter(**in_community).values_list(
            "id", "building_id", "name", "path"):
        if bid in by_id:
            e = e_by_id[eid] = Entrance(id=eid, name=name, path=path, building=by_id[bid])
            e_by_name[(bid, name)] = e
    entrance = {k: e_by_id[eid] if eid is not None else
                e_by_name[(building[k[:2]].pk, entrance_name(k[2]))]
                for k, eid in known_entrance.items()}
    # rooms (households)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    out: dict[NewHousehold, tuple[int, str]] = {}
    to_find: dict[tuple[int, str], list[NewHousehold]] = {}
    rows = []
    for new in sorted(wanted, key=lambda h: (h.compound, h.building, h.entrance, h.room)):
        e = entrance[(new.compound, new.building, new.entrance)]
        found = s.households.get((e.pk, room_key(new.room)))
        if found is not None:
            out[new] = found
            continue
        room = clean_text(new.room, model=Household, field="room", single_line=True)
        if (e.pk, room) not in to_find:
            address = clean_text(household_address(e, room), model=Household,
                                 field="address", single_line=True)
            rows.append((e.pk, room, address, e.path, now))
        to_find.setdefault((e.pk, room), []).append(new)
    _insert_rows(Household, ("entrance_id", "room", "address", "path", "created_at"), rows)
    for hid, eid, room, path in Household.objects.filter(**in_community).values_list(
            "id", "entrance_id", "room", "path"):
        for new in to_find.get((eid, room), ()):
            out[new] = (hid, path)
    return out


def _name(model, value: str) -> str:
    return clean_text(value, model=model, field="name", required=True, single_line=True)


def _insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """One multi-row INSERT (``executemany``) of ``rows`` into ``model``'s table."""
    if rows:
        _insert_batch(_insert_sql(model, [model._meta.get_field(f).column for f in fields]),
                      rows)


def _insert_sql(model, columns: list[str]) -> str:
    qn = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from model meta
        qn(model._meta.db_table), ", ".join(qn(c) for c in columns),
        ", ".join(["%s"] * len(columns)))


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
    sql = _insert_sql(Resident, columns)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    done, total = 0, len(rows)
    for params in _param_batches((rows, households, columns, now,
                                  connection.ops.adapt_datefield_value)):
        _insert_batch(sql, params)
        done += len(params)
        if progress:
            progress("write", done, total)
    _insert_tags(rows, households)


def _insert_tags(rows: list[Row], households: dict) -> None:
    """The special groups of the new residents: one read of their ids by ID hash within the
    paths they were written under, one multi-row insert into the tag table."""
    tagged = {r.id_hash: r.tags for r in rows if r.tags}
    if not tagged:
        return
    paths = sorted({(households[r.household] if isinstance(r.household, NewHousehold)
                     else r.household)[1] for r in rows})
    ids = dict(Resident.objects.filter(path__gte=paths[0], path__lte=paths[-1]).values_list(
        "id_number_hash", "id"))
    _insert_rows(Resident.tags.through, ("resident_id", "tag_id"),
                 [(ids[h], t) for h, ts in tagged.items() for t in ts])


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
    tags = Tag.objects.in_bulk() if any("tags" in r.changes for r in rows) else {}
    for i, row in enumerate(rows, 1):
        changes = dict(row.changes)
        if "household" in changes:
            h = changes["household"]
            changes["household"] = by_id[households[h][0] if isinstance(h, NewHousehold)
                                         else h[0]]
        if "tags" in changes:
            changes["tags"] = [tags[t] for t in changes["tags"]]
        resident_update(actor=actor, resident=Resident(pk=row.resident_id), **changes)
        if progress and i % 500 == 0:
            progress("update", i, len(rows))
