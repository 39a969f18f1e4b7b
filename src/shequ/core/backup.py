"""Backups of the whole database and their restore (``shequ backup`` / ``shequ restore``).

- SQLite: the online backup API (``sqlite3.Connection.backup``), a consistent copy taken
  while the application keeps running; the backup is itself a SQLite file.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` (Debian's
  ``postgresql-client``); the password goes through ``PGPASSWORD``, never the command line.

A restore goes into an empty database (refused otherwise) and ends by counting the rows of
every table and verifying the audit chain, so an operator sees at once whether the copy is
whole. Backup files hold personal data (encrypted columns, names, addresses): they are
written with mode 0600 and belong on encrypted, access-controlled storage.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _pg_args(settings: dict) -> tuple[list[str], dict]:
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found: install postgresql-client")
    return path


def _run(argv: list[str], env: dict) -> None:
    # argv is the resolved pg_dump/pg_restore path plus fixed options and configured names.
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"{Path(argv[0]).name} failed: {done.stderr.strip()[-2000:]}")


def backup(out: Path) -> None:
    """Write a consistent copy of the database to ``out`` (mode 0600)."""
    if out.exists():
        raise BackupError(f"{out} exists: a backup never overwrites a file")
    out.touch(mode=0o600)
    try:
        if connection.vendor == "postgresql":
            args, env = _pg_args(connection.settings_dict)
            _run([_tool("pg_dump"), "--format=custom", "--file", str(out), *args], env)
        else:
            connection.ensure_connection()
            target = sqlite3.connect(out)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
    except Exception:
        out.unlink(missing_ok=True)
        raise


def _is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(path: Path) -> None:
    """Load a backup written by :func:`backup` into the configured, empty database."""
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    if not _is_empty():
        raise BackupError("the target database is not empty: restore into a fresh one")
    if connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", *args, str(path)], env)
    else:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()


def table_counts() -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    counts = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names(cur)):
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the catalogue
            counts[table] = cur.fetchone()[0]
    return counts
