"""The ``innofield backup DIR`` and ``innofield restore DIR`` commands (mounted by the CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .cli_support import django_setup, err, fail


def backup_command(
    folder: Path = typer.Argument(..., help="new or empty folder to write the backup into"),
) -> None:
    """Back up the database (SQLite online copy or pg_dump), the data folder and a manifest
    of row counts and ledger totals. Safe while the server runs."""
    django_setup()
    from .backup import BackupError, backup

    try:
        manifest = backup(folder)
    except BackupError as exc:
        fail(str(exc))
    err.print(
        f"backed up {manifest['database']['vendor']}: {len(manifest['tables'])} tables, "
        f"{manifest['rows']} rows, {len(manifest['files'])} files → {folder}"
    )
    typer.echo(
        json.dumps(
            {
                "folder": str(folder),
                "tables": len(manifest["tables"]),
                "rows": manifest["rows"],
                "files": len(manifest["files"]),
            }
        )
    )


def restore_command(
    folder: Path = typer.Argument(..., help="a folder written by innofield backup"),
    force: bool = typer.Option(False, "--force", help="replace a database that holds data"),
) -> None:
    """Restore a backup (database and data files), then verify every table's row count
    against the manifest. Stop the servers first and start them again afterwards."""
    django_setup()
    from .backup import BackupError, restore

    try:
        report = restore(folder, force=force)
    except BackupError as exc:
        fail(str(exc))
    for line in report["mismatches"]:
        err.print(line, highlight=False)
    typer.echo(
        json.dumps(
            {
                "tables": report["tables"],
                "rows": report["rows"],
                "mismatches": len(report["mismatches"]),
                "ledger_matches": report["ledger_matches"],
            }
        )
    )
    if report["mismatches"] or not report["ledger_matches"]:
        fail("restored, but the database does not agree with the manifest (listed above)")
    err.print(
        f"restored and verified: {report['tables']} tables, {report['rows']} rows agree "
        "with the manifest; restart the servers"
    )
