"""The audit trail is a hash chain: ``shequ check-audit`` passes on an untouched trail and
names the first row that was altered, removed or moved; old rows move to a verifiable
archive file only through ``shequ archive-audit``."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from shequ.core import appendonly, audit, auditchain
from shequ.core.models import AuditChainHead, AuditEvent
from shequ.volunteers.tests.racing import race


def _check(*args):
    """Run check-audit; returns None when intact, else the error message."""
    try:
        call_command("check-audit", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115
    except CommandError as exc:
        return str(exc)
    return None


def _raw(*statements):
    """Tamper as someone with direct database access would: triggers dropped first (the test
    transaction rolls all of it back)."""
    with connection.cursor() as cur:
        for sql in appendonly.remove_sql("core_auditevent", connection.vendor):
            cur.execute(sql)
        for sql in statements:
            cur.execute(sql)


def _trail(n=5, *, days_ago=0):
    at = timezone.now() - dt.timedelta(days=days_ago)
    with mock.patch("shequ.core.audit.timezone.now", return_value=at):
        return [audit.record(actor=None, action="update", entity="resident", entity_id=i,
                             before={"name": "张*"}, after={"name": "李*", "n": [i, 1.5]},
                             summary=f"row {i}") for i in range(1, n + 1)]


@pytest.mark.django_db
def test_an_untouched_trail_verifies():
    """Rows written through ``audit.record`` chain in order from seq 1."""
    # given
    rows = _trail(5)
    # when / then
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert _check() is None


@pytest.mark.django_db
def test_an_altered_row_is_named():
    """Changing one field of one row breaks the chain at that row."""
    # given
    _trail(5)
    # when
    _raw("UPDATE core_auditevent SET summary = 'nothing happened' WHERE seq = 3")
    # then
    message = _check()
    assert message and "seq 3" in message and "altered" in message


@pytest.mark.django_db
def test_a_deleted_row_is_named():
    """Removing a row in the middle leaves a gap the check reports at the next row."""
    # given
    _trail(5)
    # when
    _raw("DELETE FROM core_auditevent WHERE seq = 2")
    # then
    message = _check()
    assert message and "expected seq 2" in message


@pytest.mark.django_db
def test_deleting_the_newest_rows_is_detected():
    """The head remembers where the chain ends, so cutting off its end shows."""
    # given
    _trail(5)
    # when
    _raw("DELETE FROM core_auditevent WHERE seq >= 4")
    # then
    message = _check()
    assert message and "removed at the end" in message


@pytest.mark.django_db
def test_a_reordered_row_is_named():
    """Swapping the places of two rows breaks the chain at the first of them."""
    # given
    _trail(5)
    # when
    _raw("UPDATE core_auditevent SET seq = -1 WHERE seq = 2",
         "UPDATE core_auditevent SET seq = 2 WHERE seq = 3",
         "UPDATE core_auditevent SET seq = 3 WHERE seq = -1")
    # then
    message = _check()
    assert message and "seq 2" in message


@pytest.mark.django_db
def test_a_row_forged_without_the_key_is_named():
    """A row inserted with a mac computed under another key does not verify."""
    # given
    _trail(2)
    # when
    with mock.patch.object(auditchain, "_key", return_value=b"guessed"):
        audit.record(actor=None, action="grant", entity="user", entity_id=9)
    # then
    message = _check()
    assert message and "seq 3" in message


@pytest.mark.django_db
def test_the_model_refuses_to_write_a_second_row_with_the_same_place():
    """``seq`` is unique: two rows cannot both claim one place in the chain."""
    first = _trail(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.create(action="x", entity="x", entity_id="1", seq=first.seq, mac="0")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_each_get_their_own_place():
    """Writers in parallel threads (own connections) all land on one unbroken chain."""
    # given
    def write(i):
        with transaction.atomic():
            for j in range(3):
                audit.record(actor=None, action="update", entity="x", entity_id=f"{i}-{j}")
        return i

    # when
    results = race(*[(lambda i=i: write(i)) for i in range(6)])
    # then
    assert sorted(results) == list(range(6)), results
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 19))
    assert _check() is None


@pytest.mark.django_db
def test_archive_moves_old_rows_to_a_verifiable_file(tmp_path):
    """Rows older than the cut-off leave the table for the file; both the file and the rows
    left verify, and the archiving is itself an audit row."""
    # given
    _trail(3, days_ago=400)
    _trail(2, days_ago=1)
    out = tmp_path / "audit-2026.jsonl"
    before = (timezone.now() - dt.timedelta(days=200)).date().isoformat()
    # when
    call_command("archive-audit", "--before", before, "--out", str(out),
                 stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then
    lines = out.read_text().splitlines()
    assert json.loads(lines[0]) == {"anchor_seq": 0, "anchor_mac": ""}
    assert [json.loads(line)["seq"] for line in lines[1:]] == [1, 2, 3]
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == [4, 5, 6]
    assert AuditEvent.objects.get(seq=6).action == auditchain.ARCHIVE_ACTION
    assert _check() is None
    assert _check("--archive", str(out)) is None


@pytest.mark.django_db
def test_a_tampered_archive_file_is_named(tmp_path):
    """Editing a line of the archive file breaks its chain at that line."""
    # given
    _trail(3, days_ago=400)
    out = tmp_path / "a.jsonl"
    before = (timezone.now() - dt.timedelta(days=200)).date().isoformat()
    call_command("archive-audit", "--before", before, "--out", str(out),
                 stdout=open("/dev/null", "w"))  # noqa: SIM115
    # when
    lines = out.read_text().splitlines()
    row = json.loads(lines[2])
    row["summary"] = "nothing happened"
    lines[2] = json.dumps(row)
    out.write_text("\n".join(lines) + "\n")
    # then
    message = _check("--archive", str(out))
    assert message and "seq 2" in message


@pytest.mark.django_db
def test_archive_refuses_rows_younger_than_the_retention_period(tmp_path):
    """Audit rows are kept 180 days: a later --before is refused and nothing moves."""
    # given
    _trail(2, days_ago=100)
    before = (timezone.now() - dt.timedelta(days=30)).date().isoformat()
    # when / then
    with pytest.raises(CommandError, match="180"):
        call_command("archive-audit", "--before", before, "--out", str(tmp_path / "x.jsonl"))
    assert AuditEvent.objects.count() == 2
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.django_db
def test_moving_the_anchor_to_hide_deleted_rows_is_detected():
    """Deleting the oldest rows and moving the anchor past them, without an archive
    record that says so, is reported."""
    # given
    rows = _trail(4)
    # when
    _raw("DELETE FROM core_auditevent WHERE seq <= 2")
    AuditChainHead.objects.filter(pk=1).update(anchor_seq=2, anchor_mac=rows[1].mac)
    # then
    message = _check()
    assert message and "anchor" in message
