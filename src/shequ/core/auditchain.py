"""The audit trail as a hash chain: each row's ``mac`` is
``HMAC-SHA256(key, previous row's mac ‖ "\\n" ‖ canonical JSON of this row)``.

Changing a row's content breaks its mac; removing a row leaves a gap in ``seq`` (or a
chain that ends before the head says it does); moving a row (changing its ``seq``) breaks
its mac and the next one's. The key is ``SHEQU_AUDIT_KEY`` when set, otherwise derived from
``SHEQU_HASH_KEY``; without the key a row cannot be re-signed, so someone with write access
to the database but not to the key cannot hide a change.

Rows older than the retention period (``AUDIT_RETENTION_DAYS``, 180) move to a JSON-lines
archive file (:func:`archive`); the first line of the file is the anchor it continues from,
then one row per line, in chain order. The live table then starts from a new anchor, which
the ``audit_archive`` row written by the same transaction repeats, so the anchor itself is
covered by the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from . import appendonly
from .lean import qn
from .models import AuditChainHead, AuditEvent

FIELDS = ("seq", "at", "actor_id", "actor_name", "action", "entity", "entity_id", "summary",
          "before", "after", "reason", "ip")
ARCHIVE_ACTION = "audit_archive"


def _key() -> bytes:
    return _derive(getattr(settings, "AUDIT_KEY", "") or "", settings.HASH_KEY)


@lru_cache(maxsize=4)
def _derive(audit_key: str, hash_key: str) -> bytes:
    if audit_key:
        return audit_key.encode()
    return hmac.new(hash_key.encode(), b"shequ audit chain v1", hashlib.sha256).digest()


def _at(value) -> str:
    if isinstance(value, str):
        return value
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(row: dict) -> dict:
    """The signed content of a row, as JSON-ready values (also the archive's line)."""
    data = {name: row[name] for name in FIELDS}
    data["at"] = _at(data["at"])
    return data


def sign(prev_mac: str, row: dict) -> str:
    body = json.dumps(canonical(row), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(_key(), f"{prev_mac}\n{body}".encode(), hashlib.sha256).hexdigest()


def lock_head() -> AuditChainHead:
    """Lock the chain head for the rest of the transaction (``SELECT … FOR UPDATE`` on
    PostgreSQL; SQLite's IMMEDIATE transactions already hold the write lock)."""
    try:
        return AuditChainHead.objects.select_for_update().get(pk=1)
    except AuditChainHead.DoesNotExist:
        # A fresh or flushed database: create the head once, whoever gets there first.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1)], ignore_conflicts=True)
        return AuditChainHead.objects.select_for_update().get(pk=1)


@cache
def _head_sql(for_update: bool) -> tuple[str, str]:
    meta = AuditChainHead._meta
    table, pk = qn(meta.db_table), qn(meta.pk.column)
    seq, mac = qn(meta.get_field("seq").column), qn(meta.get_field("mac").column)
    read = f"SELECT {seq}, {mac} FROM {table} WHERE {pk} = 1"  # noqa: S608 - names from model meta
    return (read + (" FOR UPDATE" if for_update else ""),
            f"UPDATE {table} SET {seq} = %s, {mac} = %s WHERE {pk} = 1")  # noqa: S608 - names from model meta


def lock_head_values() -> tuple[int, str]:
    """``lock_head()``'s seq and mac, read as one plain statement (every audited change
    runs it)."""
    with connection.cursor() as cursor:
        cursor.execute(_head_sql(connection.features.has_select_for_update)[0])
        row = cursor.fetchone()
    if row is None:
        head = lock_head()
        return head.seq, head.mac
    return row[0], row[1]


def move_head(seq: int, mac: str) -> None:
    """Move the locked head to the row just appended."""
    with connection.cursor() as cursor:
        cursor.execute(_head_sql(False)[1], [seq, mac])


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    seq: int | None
    row_id: int | None
    problem: str

    def __str__(self):
        where = f"seq {self.seq}" if self.seq is not None else "chain"
        if self.row_id is not None:
            where += f" (row id {self.row_id})"
        return f"{where}: {self.problem}"


def verify_rows(rows: Iterable[dict], *, anchor_seq: int, anchor_mac: str
                ) -> tuple[Break | None, int, str]:
    """Walk ``rows`` in chain order from the anchor. Returns the first break (or None) and
    the last seq and mac reached."""
    seq, mac = anchor_seq, anchor_mac
    for row in rows:
        row_id = row.get("id")
        if row["seq"] != seq + 1:
            problem = (f"expected seq {seq + 1} next, found {row['seq']}: "
                       "rows removed or reordered")
            return Break(row["seq"], row_id, problem), seq, mac
        if not hmac.compare_digest(sign(mac, row), row["mac"] or ""):
            return Break(row["seq"], row_id, "content does not match its mac: row altered or "
                         "moved"), seq, mac
        seq, mac = row["seq"], row["mac"]
    return None, seq, mac


def _live_rows() -> Iterator[dict]:
    return AuditEvent.objects.order_by("seq").values("id", "mac", *FIELDS).iterator(
        chunk_size=2000)


def verify_table() -> Break | None:
    """Check the rows in the database against the chain head and the last archive."""
    head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead()
    if head.anchor_seq:
        last_archive = (AuditEvent.objects.filter(action=ARCHIVE_ACTION)
                        .order_by("-seq").values_list("after", flat=True).first()) or {}
        if (last_archive.get("through_seq"), last_archive.get("anchor_mac")) != (
                head.anchor_seq, head.anchor_mac):
            return Break(None, None, "the chain's anchor does not match the last archive "
                         "record: rows removed at the start")
    found, seq, mac = verify_rows(_live_rows(), anchor_seq=head.anchor_seq,
                                  anchor_mac=head.anchor_mac)
    if found:
        return found
    if (seq, mac) != (head.seq, head.mac):
        return Break(seq + 1, None, f"the chain ends at seq {seq} but its head is at "
                     f"{head.seq}: rows removed at the end")
    return None


def read_archive(path: Path) -> tuple[dict, Iterator[dict]]:
    handle = path.open(encoding="utf-8")
    header = json.loads(handle.readline())

    def rows():
        with handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    return header, rows()


def verify_archive(path: Path) -> Break | None:
    """Check an archive file on its own: its rows chain from the anchor on its first line."""
    header, rows = read_archive(path)
    found, _seq, _mac = verify_rows(rows, anchor_seq=header["anchor_seq"],
                                    anchor_mac=header["anchor_mac"])
    return found


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    days = getattr(settings, "AUDIT_RETENTION_DAYS", 180)
    return (now or timezone.now()) - dt.timedelta(days=days)


class ArchiveRefused(Exception):
    pass


def archive(*, actor, before: dt.datetime, out: Path) -> int:
    """Move the audit rows older than ``before`` to ``out`` (JSON lines) and delete them.

    Rules: ``before`` may not be later than the retention cutoff (rows are kept at least
    ``AUDIT_RETENTION_DAYS``); the live chain must verify first; only a prefix of the chain
    moves (every row up to the last one older than ``before``); the file is written and
    synced before the rows go, and the move itself is an audit row. Returns the number of
    rows archived."""
    if before > retention_cutoff():
        raise ArchiveRefused(f"audit rows are kept {settings.AUDIT_RETENTION_DAYS} days: "
                             f"--before must be on or before {retention_cutoff():%Y-%m-%d}")
    with transaction.atomic():
        head = lock_head()
        broken = verify_table()
        if broken:
            raise ArchiveRefused(f"the audit chain is broken, nothing archived: {broken}")
        through = (AuditEvent.objects.filter(seq__gt=head.anchor_seq, at__lt=before)
                   .aggregate(last=Max("seq"))["last"])
        if through is None:
            return 0
        rows = AuditEvent.objects.filter(seq__gt=head.anchor_seq, seq__lte=through)
        digest = hashlib.sha256()
        tmp = out.with_name(out.name + ".part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        last_mac = head.anchor_mac
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            header = {"anchor_seq": head.anchor_seq, "anchor_mac": head.anchor_mac}
            for data in [header, *(
                    {**canonical(row), "mac": row["mac"]}
                    for row in rows.order_by("seq").values("mac", *FIELDS).iterator(2000))]:
                line = json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n"
                digest.update(line.encode())
                handle.write(line)
                last_mac = data.get("mac", last_mac)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
        with appendonly.lifted(AuditEvent._meta.db_table):
            count, _ = rows.delete()
        head.anchor_seq, head.anchor_mac = through, last_mac
        head.save(update_fields=["anchor_seq", "anchor_mac"])
        from .audit import record

        record(actor=actor, action=ARCHIVE_ACTION, entity="audit", entity_id=through,
               summary=f"{count} audit rows archived to {out.name}",
               after={"through_seq": through, "anchor_mac": last_mac, "rows": count,
                      "file_sha256": digest.hexdigest()})
    return count
