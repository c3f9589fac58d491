"""The database half of backups: copy, restore and count, on SQLite and PostgreSQL.

SQLite is copied with the online backup API (:meth:`sqlite3.Connection.backup`): a
consistent copy page by page while the server goes on writing. PostgreSQL is dumped
with ``pg_dump -Fc`` from a snapshot the counting transaction exports, so the row
counts in the manifest describe exactly the rows in the dump; it is restored with
``pg_restore --clean --if-exists`` in one transaction. Row counts and ledger totals
are plain SQL over a DB-API cursor, so the same functions count the live database and
an SQLite backup file. This module imports no app: the ledger's tables are looked up
by name through the app registry.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection

#: Tables that hold no user data: an empty, migrated database has rows only in these.
SCHEMA_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(cur: Any) -> list[str]:
    """The user tables of an SQLite database, sorted."""
    cur.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in cur.fetchall()]


def row_counts(cur: Any, tables: list[str]) -> dict[str, int]:
    """``{table: number of rows}`` for ``tables``."""
    counts = {}
    for table in tables:
        cur.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = int(cur.fetchone()[0])
    return counts


def ledger_totals(cur: Any, tables: list[str]) -> dict[str, int] | None:
    """Sums over the ledger's accounts and transfers (fen), or None without a ledger."""
    if not apps.is_installed("innofield.ledger"):
        return None
    account = apps.get_model("ledger", "Account")._meta.db_table
    transfer = apps.get_model("ledger", "Transfer")._meta.db_table
    if account not in tables or transfer not in tables:
        return None
    cur.execute(
        "SELECT COUNT(*), COALESCE(SUM(debits_posted), 0),"
        " COALESCE(SUM(credits_posted), 0), COALESCE(SUM(debits_pending), 0),"
        " COALESCE(SUM(credits_pending), 0)"
        f" FROM {_quote(account)}"
    )
    row = cur.fetchone()
    totals = dict(
        zip(
            ("accounts", "debits_posted", "credits_posted", "debits_pending", "credits_pending"),
            (int(v) for v in row),
            strict=True,
        )
    )
    cur.execute(
        f"SELECT status, COUNT(*), COALESCE(SUM(amount), 0) FROM {_quote(transfer)}"
        " GROUP BY status ORDER BY status"
    )
    for status, count, amount in cur.fetchall():
        totals[f"transfers_{status}"] = int(count)
        totals[f"amount_{status}"] = int(amount)
    return totals


def live_tables(cur: Any) -> list[str]:
    """The tables of the live database (Django's introspection), sorted; SQLite's own
    ``sqlite_*`` tables (planner statistics from ``ANALYZE``) are not data and are left out."""
    return sorted(
        t for t in connection.introspection.table_names(cur) if not t.startswith("sqlite_")
    )


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_path() -> Path:
    """The file of the default SQLite database (the test database inside tests)."""
    return Path(str(connection.settings_dict["NAME"]))


def sqlite_copy(target: Path) -> tuple[dict[str, int], dict[str, int] | None, str]:
    """Copy the live SQLite database to ``target`` online; counts are taken from the copy."""
    source = sqlite3.connect(sqlite_path(), timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=1024)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        cur = copy.cursor()
        tables = sqlite_tables(cur)
        return row_counts(cur, tables), ledger_totals(cur, tables), sqlite3.sqlite_version
    finally:
        copy.close()
        source.close()


def sqlite_restore(source: Path) -> None:
    """Replace the live SQLite database with the copy at ``source``.

    The backup API writes into the live file under its lock, so other connections see
    the old or the new database, never a mixture. A file that is no longer an SQLite
    database (or is missing) is removed with its WAL and shared-memory files and
    written afresh."""
    path = sqlite_path()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            live = sqlite3.connect(path, timeout=60)
            try:
                backup.backup(live)
            finally:
                live.close()
        except sqlite3.DatabaseError:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            live = sqlite3.connect(path)
            try:
                backup.backup(live)
            finally:
                live.close()
    finally:
        backup.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """The ``pg_dump``/``pg_restore`` whose major version matches the server's (or is newer)."""
    major = int(getattr(connection, "pg_version", 0)) // 10000
    candidates = [f"/usr/lib/postgresql/{major}/bin/{name}", shutil.which(name) or ""]
    for path in filter(None, candidates):
        if not os.access(path, os.X_OK):
            continue
        out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
        found = re.search(r"(\d+)\.", out.stdout)
        if found and int(found.group(1)) >= major:
            return path
    raise BackupError(
        f"{name}: no {name} of version {major} or newer found (install the "
        f"PostgreSQL {major} client, e.g. Debian's postgresql-client-{major})"
    )


def _pg_args() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", str(s["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if s.get(key):
            args += [flag, str(s[key])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BackupError(
            f"{Path(argv[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}"
        )


@contextmanager
def pg_snapshot() -> Iterator[tuple[Any, str]]:
    """A read-only repeatable-read transaction and the name of its exported snapshot."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("backup: run outside a transaction (it opens its own snapshot)")
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            yield cur, str(cur.fetchone()[0])
    finally:
        connection.rollback()
        connection.set_autocommit(True)


def pg_copy(target: Path) -> tuple[dict[str, int], dict[str, int] | None, str]:
    """Dump the live PostgreSQL database to ``target`` (custom format) and count it."""
    tool = pg_tool("pg_dump")
    args, env = _pg_args()
    with pg_snapshot() as (cur, snapshot):
        _run(
            [
                tool,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
        tables = live_tables(cur)
        counts, totals = row_counts(cur, tables), ledger_totals(cur, tables)
        cur.execute("SHOW server_version")
        version = str(cur.fetchone()[0])
    return counts, totals, version


def pg_restore(source: Path) -> None:
    """Restore the dump at ``source`` over the live database, in one transaction."""
    tool = pg_tool("pg_restore")
    args, env = _pg_args()
    connection.close()
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            str(source),
        ],
        env,
    )


#: vendor → (file name in the backup folder, copy, restore)
ENGINES: dict[str, tuple[str, Callable[[Path], Any], Callable[[Path], None]]] = {
    "sqlite": ("database.sqlite3", sqlite_copy, sqlite_restore),
    "postgresql": ("database.pgdump", pg_copy, pg_restore),
}
