"""Catalog imports, small ones at once and large ones as background jobs.

:func:`start_import` is the one entry point of the API, the web page and the CLI: the file
is parsed (so a malformed file is refused at once, naming the row); a file of at most
``INNOFIELD_IMPORT_BACKGROUND_ROWS`` rows is imported in the request, a larger one is kept
under ``DATA_DIR/imports/`` and imported by the job kind ``catalog.import``
(:mod:`.jobs`) on the job queue, which reports its progress and keeps the report as the
job's result. Either way :func:`innofield.catalog.actions.import_records` does the work:
every row is checked first and nothing is written unless all pass (or ``skip_bad``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from innofield.core.errors import ValidationFailed
from innofield.core.permissions import Actor

from . import actions, transfer

TARGETS = ("items", "demands")
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}\.(csv|json)$")


@dataclass(frozen=True)
class ImportStarted:
    """What :func:`start_import` did: ``report`` if it imported at once, else ``job``."""

    rows: int
    report: dict[str, Any] | None = None
    job: Any = None


def upload_dir() -> Path:
    """Where uploaded files wait for their import job (under the data folder)."""
    return Path(settings.DATA_DIR) / "imports"


def store_upload(name: str, content: bytes) -> str:
    """Keep ``content`` for a worker; returns its id (``<hex>.csv`` or ``<hex>.json``)."""
    suffix = "json" if name.lower().endswith(".json") else "csv"
    upload = f"{uuid.uuid4().hex}.{suffix}"
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / upload
    path.write_bytes(content)
    return upload


def upload_path(upload: str) -> Path:
    """The stored file of ``upload``; ``ValidationFailed`` if the id is malformed."""
    if not _UPLOAD_ID.match(upload):
        raise ValidationFailed.single("upload", "is not an upload id")
    return upload_dir() / upload


def discard_upload(upload: str) -> None:
    """Remove a stored upload once its job no longer needs it."""
    upload_path(upload).unlink(missing_ok=True)


def start_import(
    *,
    actor: Actor,
    name: str,
    content: bytes,
    target: str = "items",
    skip_bad: bool = False,
    background: bool | None = None,
) -> ImportStarted:
    """Import ``content`` (a ``.csv`` or ``.json`` file called ``name``) as ``actor``.

    ``background=None`` decides by size: more rows than ``INNOFIELD_IMPORT_BACKGROUND_ROWS``
    go to the job queue. Malformed files raise ``ValidationFailed`` here either way; row
    problems of a queued import end up in its job (failed, naming row and field).
    """
    if target not in TARGETS:
        raise ValidationFailed.single("target", "must be items or demands")
    rows = transfer.read_rows(name, content)
    if background is None:
        background = len(rows) > settings.INNOFIELD_IMPORT_BACKGROUND_ROWS
    if not background:
        report = actions.import_records(
            actor=actor, rows=rows, file=name, target=target, skip_bad=skip_bad
        )
        return ImportStarted(rows=len(rows), report=report)
    from innofield.jobs import actions as jobs

    upload = store_upload(name, content)
    try:
        job = jobs.submit(
            "catalog.import",
            {
                "upload": upload,
                "file": name[:200],
                "target": target,
                "skip_bad": skip_bad,
                "rows": len(rows),
            },
            actor=actor,
        )
    except Exception:
        discard_upload(upload)
        raise
    return ImportStarted(rows=len(rows), job=job)
