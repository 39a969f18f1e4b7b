"""Reading and checking a roster without writing anything: the plan of an import.

Every data row ends up ``new``, ``updated``, ``unchanged`` or ``rejected`` (with every reason
found, each a stable code). A person is keyed on the keyed hash of the ID number, so the same
file imported twice plans nothing the second time. Optional cells left blank keep what the
registry already holds; a column that is absent is not touched. When an ID number appears
twice in a file the first row stands and every later one is rejected, naming the first. A
person registered in another community, or marked inactive, is rejected, never moved.
A household has one head (户主): a row that would give a household a second head — beside
the one registered, or one named on an earlier row — is rejected, naming the head.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.core.freetext import too_long_message
from shequ.core.validators import IdNumber
from shequ.registry import pii
from shequ.registry.models import Relation
from shequ.registry.services import ETHNICITY_MAX, NOTE_MAX, clean_name
from shequ.territory.models import Area

from . import cells
from .addresses import NewHousehold, Structure, parts_from_columns
from .cells import CellError
from .headers import ADDRESS_PARTS, NOT_STORED, Header, detect_header, is_footer
from .reading import read_rows
from .selectors import heads_of_households, residents_by_id_hash, tags_of_residents
from .tags import TagReader

Progress = Callable[[str, int, int], None]
DEFAULT_RELATION = "other"  # a new person whose row names no relation
_ID_LIKE = re.compile(r"\d{6}")
_DATA_FIELDS = ("name", "id_number", "phone", "address", *ADDRESS_PARTS)


@dataclass(slots=True)
class Row:
    number: int  # the row number Excel shows
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (code, field, message)
    raw: list | None = None  # the cells as read; dropped once a row is accepted
    name: str = ""
    id: IdNumber | None = None
    id_hash: str = ""
    phone: str | None = None  # None: not given (keep); "" never stored for new rows
    household: tuple[int, str] | NewHousehold | None = None
    relation: str | None = None
    ethnicity: str | None = None
    political_status: str | None = None
    residence_type: str | None = None
    note: str | None = None
    tags: tuple[int, ...] | None = None  # ids of the tags the row names; None: keep
    status: str = ""
    resident_id: int | None = None
    changes: dict = field(default_factory=dict)
    head: bool = False  # ends as the household's head (户主)
    was_head_of: int | None = None  # household the registered person heads now

    def reject(self, code: str, field_name: str, message: str) -> None:
        self.errors.append((code, field_name, message))


@dataclass
class Plan:
    community: Area
    header: Header
    structure: Structure
    rows: list[Row]
    skipped_blank: int = 0
    skipped_footer: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in ("new", "updated", "unchanged", "rejected")}
        for r in self.rows:
            out[r.status] += 1
        out["total"] = len(self.rows)
        return out

    @property
    def rejected(self) -> list[Row]:
        return [r for r in self.rows if r.status == "rejected"]

    def _new_households(self) -> set[NewHousehold]:
        return {r.household for r in self.rows
                if r.status in ("new", "updated") and isinstance(r.household, NewHousehold)}

    def new_structure(self) -> dict[str, int]:
        """Compounds, buildings, entrances and rooms that committing would create (accepted
        rows only)."""
        return self.structure.counts_new(self._new_households())

    def new_structure_list(self, limit: int = 200) -> dict[str, list[str]]:
        """Their names, for the confirmation before commit."""
        return self.structure.listing(self._new_households(), limit)

    def columns(self) -> dict:
        """The columns read (``mapping``) and those the import ignores, for every door to
        list before commit."""
        return {"mapping": self.header.mapping(), "ignored_columns": self.header.ignored}

    def report(self, limit: int = 50) -> dict:
        """JSON-able summary for the preview page, the API and the job record."""
        return {
            "counts": self.counts(),
            **self.columns(),
            "header_row": self.header.row_index + 1,
            "skipped_blank": self.skipped_blank,
            "skipped_footer": self.skipped_footer,
            "new_structure": self.new_structure(),
            "new_structure_list": self.new_structure_list(),
            "rejected": [{"row": r.number,
                          "errors": [{"code": c, "field": f, "message": m} for c, f, m in r.errors]}
                         for r in self.rejected[:limit]],
        }


def clean_row(row: Row, v: dict, structure: Structure, tags: TagReader | None = None) -> None:
    """Check one row's cells (``v``: field -> raw cell; absent columns are absent keys;
    ``tags`` reads the special-groups column when there is one)."""
    get = v.get
    try:
        row.name = clean_name(cells.text(get("name")))
    except DomainError as exc:
        row.reject(exc.code, "name", exc.message)
    try:
        row.id = cells.parse_id(get("id_number"))
        row.id_hash = pii.id_hash(row.id.value)
    except CellError as exc:
        row.reject(exc.code, exc.field, exc.message)
    for name, parse in _PARSERS:
        if name in v:
            try:
                setattr(row, name, parse(v[name]) or None)
            except CellError as exc:
                row.reject(exc.code, exc.field, exc.message)
    if tags is not None and "tags" in v:
        try:
            row.tags = tags.parse(v["tags"])
        except CellError as exc:
            row.reject(exc.code, exc.field, exc.message)
    for name, limit in (("ethnicity", ETHNICITY_MAX), ("note", NOTE_MAX)):
        if name in v:
            value = cells.text(v[name])
            if len(value) > limit:
                row.reject(f"{name}_too_long", name, too_long_message(limit))
            setattr(row, name, value or None)
    try:
        gender = cells.parse_gender(v["gender"]) if "gender" in v else None
        if row.id and gender and gender != row.id.gender:
            row.reject("id_gender_mismatch", "gender",
                       _("The gender does not match the ID number."))
    except CellError as exc:
        row.reject(exc.code, exc.field, exc.message)
    try:
        birth = cells.parse_date(v["birth_date"]) if "birth_date" in v else None
        if row.id and birth and birth != row.id.birth_date:
            row.reject("id_birth_mismatch", "birth_date",
                       _("The birth date does not match the ID number (%(d)s).")
                       % {"d": row.id.birth_date.isoformat()})
    except CellError as exc:
        row.reject(exc.code, exc.field, exc.message)
    try:
        parts = None
        if any(not cells.is_blank(get(p)) for p in ADDRESS_PARTS):
            parts = parts_from_columns(*(get(p) for p in ADDRESS_PARTS))
        elif not cells.is_blank(get("address")):
            parts = structure.parse(cells.text(v["address"]))
        if parts is None:
            row.reject("address_missing", "address", _("The address is missing."))
        elif not row.errors:  # do not plan new buildings for rows rejected anyway
            row.household = structure.resolve(parts)
    except CellError as exc:
        row.reject(exc.code, exc.field, exc.message)


_PARSERS = (
    ("phone", cells.parse_phone_cell),
    ("relation", cells.parse_relation),
    ("political_status", cells.parse_political_status),
    ("residence_type", cells.parse_residence_type),
)


def plan_import(*, path, community: Area, build_structure: bool = False,
                grid: Area | None = None, progress: Progress | None = None,
                today: dt.date | None = None) -> Plan:
    """Read a roster file and decide, row by row, what importing it would do."""
    raw_rows = read_rows(path)
    header = detect_header(raw_rows)
    structure = Structure(community, build=build_structure, grid=grid)
    plan = Plan(community=community, header=header, structure=structure, rows=[])
    data = raw_rows[header.data_start:]
    total = len(data)
    data_cols = [header.columns[f] for f in _DATA_FIELDS if f in header.columns]
    columns = [(f, i) for f, i in header.columns.items() if f not in NOT_STORED]
    id_col = header.columns["id_number"]
    tags = TagReader() if "tags" in header.columns else None
    for offset, raw in enumerate(data):
        if progress and offset % 2000 == 0:
            progress("check", offset, total)
        width = len(raw)
        if is_footer(raw) and (id_col >= width or not _ID_LIKE.search(cells.compact(raw[id_col]))):
            plan.skipped_footer += 1
            continue
        if all(cells.is_blank(raw[i]) for i in data_cols if i < width):
            plan.skipped_blank += 1
            continue
        row = Row(number=header.data_start + offset + 1, raw=raw)
        clean_row(row, {f: raw[i] for f, i in columns if i < width}, structure, tags)
        plan.rows.append(row)
    del raw_rows, data  # accepted rows drop their cells; the sheet itself can go
    cells.clear_caches()  # no personal data lingers in a long-running worker
    parts_from_columns.cache_clear()
    _mark_duplicates(plan.rows)
    _classify(plan, community)
    _one_head_per_household(plan.rows)
    for row in plan.rows:
        if row.status != "rejected":
            row.raw = None
    if progress:
        progress("check", total, total)
    return plan


def _mark_duplicates(rows: list[Row]) -> None:
    """A second row with an ID number seen earlier in the file is rejected; the first stays."""
    first: dict[str, int] = {}
    for row in rows:
        if row.id is None:
            continue
        seen = first.setdefault(row.id.value, row.number)
        if seen != row.number:
            row.reject("duplicate_in_file", "id_number",
                       _("The same ID number is already on row %(n)d.") % {"n": seen})


_COMPARED = ("name", "relation", "ethnicity", "political_status", "residence_type", "note")


def _classify(plan: Plan, community: Area) -> None:
    hashes = [r.id_hash for r in plan.rows if not r.errors]
    existing = residents_by_id_hash(hashes)
    held = tags_of_residents([v["id"] for v in existing.values()]) \
        if any(r.tags for r in plan.rows) else {}
    lo = community.path
    for row in plan.rows:
        if row.errors:
            row.status = "rejected"
            continue
        current = existing.get(row.id_hash)
        if current is None:
            row.status = "new"
            row.head = (row.relation or DEFAULT_RELATION) == Relation.HEAD
            continue
        if not (current["path"] == lo or current["path"].startswith(lo + ".")):
            row.reject("registered_elsewhere", "id_number",
                       _("This person is registered in another community; move them there "
                         "first."))
        elif not current["is_active"]:
            row.reject("inactive", "id_number",
                       _("This person is marked as moved away or deceased; reactivate them in "
                         "the registry first."))
        if row.errors:
            row.status = "rejected"
            continue
        row.resident_id = current["id"]
        changes = {k: getattr(row, k) for k in _COMPARED
                   if getattr(row, k) is not None and getattr(row, k) != current[k]}
        if row.phone is not None and pii.phone_hash(row.phone) != current["phone_hash"]:
            changes["phone"] = row.phone
        if isinstance(row.household, NewHousehold) or row.household[0] != current["household_id"]:
            changes["household"] = row.household
        has = held.get(current["id"], ())
        if row.tags and set(row.tags) - set(has):  # tags are added, never taken away
            changes["tags"] = (*has, *(t for t in row.tags if t not in has))
        row.changes = changes
        row.status = "updated" if changes else "unchanged"
        row.head = (row.relation or current["relation"]) == Relation.HEAD
        row.was_head_of = current["household_id"] if current["relation"] == Relation.HEAD \
            else None


def _household_key(row: Row):
    return row.household[0] if isinstance(row.household, tuple) else row.household


def _one_head_per_household(rows: list[Row]) -> None:
    """Reject every row that would give a household a second head, first row standing.

    A registered head whose row moves them out or gives them another relation frees the
    place first. Rejecting a row can undo such a move, so the pass repeats until stable."""
    accepted = [r for r in rows if r.status != "rejected"]
    ids = {_household_key(r) for r in accepted if r.head and isinstance(r.household, tuple)}
    registered = heads_of_households(sorted(ids))
    while True:
        holder: dict = {hid: (rid, name, None) for hid, (rid, name) in registered.items()}
        for r in accepted:
            if r.status != "rejected" and r.was_head_of is not None and (
                    not r.head or _household_key(r) != r.was_head_of):
                if holder.get(r.was_head_of, (None,))[0] == r.resident_id:
                    del holder[r.was_head_of]
        rejected_now = False
        for r in accepted:
            if r.status == "rejected" or not r.head:
                continue
            key = _household_key(r)
            held = holder.get(key)
            if held is None:
                holder[key] = (r.resident_id, r.name, r.number)
            elif r.resident_id is None or held[0] != r.resident_id:
                message = (_("This household already has a head: %(name)s (row %(n)d).")
                           % {"name": held[1], "n": held[2]} if held[2] is not None else
                           _("This household already has a head: %(name)s.")
                           % {"name": held[1]})
                r.reject("household_has_head", "relation", message)
                r.status, rejected_now = "rejected", True
        if not rejected_now:
            return
