"""Restore drill: a populated database backed up with ``shequ backup`` and restored with
``shequ restore`` into a fresh database has the same rows in every table, and its audit
chain verifies. Runs on SQLite and (second CI run) on PostgreSQL."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shequ.core import audit, backup
from shequ.testing import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _fresh_database(tmp_path):
    """A URL of an empty database next to the test one, and a function that drops it."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    name = f"{connection.settings_dict['NAME']}_drill_{uuid.uuid4().hex[:6]}"
    with connection.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"

    def drop():
        with connection.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return url, drop


def _shequ(*args, database_url):
    env = {**os.environ, "SHEQU_DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "shequ.settings.test"}
    return subprocess.run([sys.executable, "-m", "shequ.cli", *args], env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=300, check=False)


def test_backup_then_restore_into_a_fresh_database_keeps_every_row(tmp_path):
    """Every table has the same number of rows after the round trip; check-audit passes on
    the restored database."""
    # given
    tree = factories.Tree()
    staff = factories.user("community_staff", tree.community)
    for i in range(5):
        audit.record(actor=staff, action="update", entity="resident", entity_id=i,
                     before={"name": "张*"}, after={"name": "李*"})
    expected = backup.table_counts()
    out = tmp_path / "shequ.backup"
    url, drop = _fresh_database(tmp_path)
    try:
        # when
        call_command("backup", "--out", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
        done = _shequ("restore", str(out), database_url=url)
        # then
        assert done.returncode == 0, done.stderr
        restored = dict(line.split("\t") for line in done.stdout.splitlines() if "\t" in line)
        assert {t: int(n) for t, n in restored.items()} == expected
        assert expected["core_auditevent"] >= 5 and expected["territory_area"] > 0
        assert oct(out.stat().st_mode & 0o777) == "0o600"
        check = _shequ("check-audit", database_url=url)
        assert check.returncode == 0, check.stderr
    finally:
        drop()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    """Restoring over live data would mix two databases: it is refused."""
    # given
    factories.Tree()
    out = tmp_path / "shequ.backup"
    call_command("backup", "--out", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
    # when / then
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(out))


def test_backup_never_overwrites_a_file(tmp_path):
    """An existing file (a previous backup) is left alone."""
    out = tmp_path / "shequ.backup"
    out.write_text("yesterday")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", "--out", str(out))
    assert out.read_text() == "yesterday"
