"""Job kinds of the catalog (found by ``innofield.jobs``): large imports in the background."""

from __future__ import annotations

from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from pydantic import Field

from innofield.core.errors import InnofieldError, NotAuthenticated, ValidationFailed
from innofield.core.permissions import Actor
from innofield.core.schemas import WriteSchema
from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind

from . import actions, imports, transfer
from .models import Demand, Item

#: Refused rows kept in a job's result (the error text names the first five either way).
MAX_REPORTED_ERRORS = 1000


def logged_in(actor: Actor) -> None:
    """Any logged-in user may import; each row's owner is checked as the import runs."""
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated("you must log in to import")


class ImportParams(WriteSchema):
    """A stored upload (see :func:`innofield.catalog.imports.start_import`) to import."""

    upload: str = Field(pattern=r"^[0-9a-f]{32}\.(csv|json)$")
    file: str = Field(min_length=1, max_length=200)
    target: Literal["items", "demands"] = "items"
    skip_bad: bool = False
    rows: int = Field(default=0, ge=0)


def _refresh_planner_statistics(target: str) -> None:
    """``ANALYZE`` the imported table: a large import can change its size many times over,
    and plans made for the old size are slow until autovacuum runs (PostgreSQL) or forever
    (SQLite keeps no statistics until it is told to gather them)."""
    from django.db import connection

    if connection.vendor in ("postgresql", "sqlite"):
        table = (Item if target == "items" else Demand)._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{table}"')


def _refused(errors: list[Any]) -> list[dict[str, object]]:
    return [e.as_dict() for e in errors[:MAX_REPORTED_ERRORS]]


@job_kind(
    "catalog.import",
    label=_("Import catalog records"),
    allowed=logged_in,
    params=ImportParams,
    api=False,  # submitted by the import endpoints, which store the file first
)
def import_file(
    job: Job, upload: str, file: str, target: str, skip_bad: bool, rows: int = 0
) -> dict[str, Any]:
    """Import the stored file as the job's owner, all or nothing unless ``skip_bad``.

    Progress counts rows checked, then the single writing transaction. A refused import
    fails the job with the first problems as its error (row and field) and keeps up to
    1,000 of them as ``result["errors"]``; nothing is written. The stored file is removed
    once the import has succeeded or was refused (kept while a retry may need it).
    """
    path = imports.upload_path(upload)
    try:
        records = transfer.read_rows(file, path.read_bytes())
        report = actions.import_records(
            actor=job.owner,
            rows=records,
            file=file,
            target=target,
            skip_bad=skip_bad,
            progress=job.progress,
        )
    except ValidationFailed as exc:
        Job.objects.filter(pk=job.pk).update(
            result={"created": 0, "refused": len(exc.errors), "errors": _refused(exc.errors)}
        )
        imports.discard_upload(upload)
        raise
    except InnofieldError:
        imports.discard_upload(upload)
        raise
    except Exception:
        if job.attempts >= job.max_attempts:
            imports.discard_upload(upload)
        raise
    imports.discard_upload(upload)
    _refresh_planner_statistics(target)
    report["errors"] = report["errors"][:MAX_REPORTED_ERRORS]
    return {"rows": len(records), **report}
