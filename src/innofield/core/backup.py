"""Backup and restore of a whole installation: the database, the data folder, a manifest.

:func:`backup` writes into an empty (or new) folder:

- ``database.sqlite3`` (SQLite, copied online) or ``database.pgdump`` (``pg_dump -Fc``);
- ``files/``: everything under ``INNOFIELD_DATA_DIR`` except the cache and the live
  SQLite files (uploads and whatever else the platform keeps there);
- ``manifest.json``: when, which database vendor and versions, the row count of every
  table and the ledger's totals, all taken from the copy itself — written last, so a
  folder without a manifest is an unfinished backup.

The search index needs nothing of its own: its system of record is in the database
(the shared embeddings and the index change log); each server rebuilds its engines
from there, so restart the servers after a restore.

:func:`restore` refuses a non-empty database unless ``force``, restores the database
and the files, counts every table again and reports each difference from the manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import shutil
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection, connections

import innofield

from .backup_db import (
    ENGINES,
    SCHEMA_TABLES,
    BackupError,
    ledger_totals,
    live_tables,
    row_counts,
    sqlite_path,
)

__all__ = ["BackupError", "backup", "database_rows", "restore"]

MANIFEST = "manifest.json"
FORMAT = 1
SKIPPED_DIRS = ("cache",)


def _vendor() -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"database: {connection.vendor} is not supported (SQLite, PostgreSQL)")
    return connection.vendor


def _skipped_files() -> set[Path]:
    if connection.vendor != "sqlite":
        return set()
    live = sqlite_path().resolve()
    return {Path(f"{live}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")}


def _data_files(target: Path) -> list[Path]:
    """The files under the data folder a backup carries (no cache, no live SQLite files,
    nothing under ``target``, the backup being written)."""
    root = Path(settings.DATA_DIR)
    if not root.is_dir():
        return []
    skipped = _skipped_files()
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in SKIPPED_DIRS or not path.is_file():
            continue
        if path.resolve() in skipped or path.resolve().is_relative_to(target.resolve()):
            continue
        found.append(relative)
    return found


def _migrations(cur: Any) -> dict[str, str]:
    cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    latest: dict[str, str] = {}
    for app, name in cur.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def backup(folder: Path) -> dict[str, Any]:
    """Back up the database and the data folder into ``folder``; returns the manifest."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"folder: {folder} is not empty; back up into a new folder")
    vendor = _vendor()
    folder.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    name, copy, _ = ENGINES[vendor]
    counts, totals, server = copy(folder / name)
    files = _data_files(folder)
    for relative in files:
        target = folder / "files" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(settings.DATA_DIR) / relative, target)
    with connection.cursor() as cur:
        migrations = _migrations(cur)
    manifest = {
        "format": FORMAT,
        "started": started.isoformat(),
        "finished": dt.datetime.now(dt.UTC).isoformat(),
        "database": {"vendor": vendor, "file": name, "server_version": server},
        "versions": {
            "innofield": innofield.__version__,
            "django": django.get_version(),
            "python": platform.python_version(),
            "migrations": migrations,
        },
        "tables": counts,
        "rows": sum(counts.values()),
        "ledger": totals,
        "files": [str(p) for p in files],
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def database_rows() -> dict[str, int]:
    """Row counts of every table of the live database."""
    with connection.cursor() as cur:
        return row_counts(cur, live_tables(cur))


def _holds_data() -> str | None:
    """Why the live database counts as non-empty, or None if it holds no user data."""
    try:
        counts = database_rows()
    except Exception as exc:  # a corrupt file, a broken schema: not an empty database
        connections.close_all()
        return f"it cannot be read ({str(exc).splitlines()[0]})"
    full = {t: n for t, n in counts.items() if n and t not in SCHEMA_TABLES}
    if not full:
        return None
    return f"it holds {sum(full.values())} rows in {len(full)} tables"


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the backup in ``folder``; BackupError if it is missing or unreadable."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"folder: {folder} has no {MANIFEST} (not a backup, or unfinished)")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except ValueError as exc:
        raise BackupError(f"{MANIFEST}: not valid JSON ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST}: format {manifest.get('format')!r}, expected {FORMAT}")
    return manifest


def restore(folder: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the backup in ``folder`` over the live database and data folder.

    Returns ``{"tables", "rows", "mismatches", "ledger", "ledger_matches"}``;
    ``mismatches`` lists every table whose count differs from the manifest (empty when
    the restore is verified)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = _vendor()
    wanted = manifest["database"]["vendor"]
    if wanted != vendor:
        raise BackupError(f"database: the backup is of {wanted}, this installation uses {vendor}")
    dump = folder / manifest["database"]["file"]
    if not dump.is_file():
        raise BackupError(f"{dump.name}: missing from {folder}")
    reason = _holds_data()
    if reason and not force:
        raise BackupError(f"database: {reason}; pass --force to replace it with the backup")
    connections.close_all()
    ENGINES[vendor][2](dump)
    connections.close_all()
    for relative in manifest.get("files", []):
        target = Path(settings.DATA_DIR) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / "files" / relative, target)
    with connection.cursor() as cur:
        tables = live_tables(cur)
        counts = row_counts(cur, tables)
        totals = ledger_totals(cur, tables)
    expected: dict[str, int] = manifest["tables"]
    mismatches = [
        f"{t}: {counts.get(t, 'missing')} rows, the backup had {n}"
        for t, n in sorted(expected.items())
        if counts.get(t) != n
    ]
    return {
        "tables": len(expected),
        "rows": sum(counts.values()),
        "mismatches": mismatches,
        "ledger": totals,
        "ledger_matches": totals == manifest.get("ledger"),
    }
