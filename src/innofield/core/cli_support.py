"""What every command of the ``innofield`` CLI shares: Django set-up, stderr, progress, failing.

Apps' ``commands.py`` import these helpers from here, never from ``innofield.cli`` (the
wiring imports the apps, not the other way round; ``lint-imports`` checks it). Importing
this module loads typer and rich only: Django is set up when a command runs, so
``innofield --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

#: The console for messages and progress bars; stdout stays for a command's data.
err = Console(stderr=True)


def django_setup() -> None:
    """Configure Django (settings ``innofield.settings`` unless set) and make the SQLite folder."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if str(database["ENGINE"]).endswith("sqlite3"):
        Path(str(database["NAME"])).parent.mkdir(parents=True, exist_ok=True)


def fail(message: str) -> NoReturn:
    """Print ``error: message`` on stderr and exit with status 1."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(1)


def progress() -> Progress:
    """A progress display on stderr: description, bar, done/total, elapsed time."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
