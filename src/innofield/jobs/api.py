"""REST endpoints of background jobs: list and read your own, start, cancel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import PermissionDenied

from . import actions, queries
from .models import Job
from .registry import KINDS, get_kind
from .schemas import JobIn, JobOut, JobPage, KindOut

router = Router(tags=["jobs"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}


@router.get("/jobs", response={200: JobPage, 401: ErrorOut})
def list_jobs(
    request: HttpRequest, page: Query[Page], kind: str = "", state: str = ""
) -> dict[str, Any]:
    """Your jobs, newest first (platform admins: every job)."""
    return paginate(
        queries.jobs(actor_of(request), kind=kind, state=state), page.limit, page.offset
    )


@router.get("/jobs/kinds", response=list[KindOut])
def list_kinds(request: HttpRequest) -> list[dict[str, str]]:
    """The kinds of job the API may start (each has its own rule for who may)."""
    return [
        {"name": k.name, "label": str(k.label)}
        for k in sorted(KINDS.values(), key=lambda k: k.name)
        if k.api
    ]


@router.get("/jobs/{job_id}", response={200: JobOut, 401: ErrorOut, 404: ErrorOut})
def get_job(request: HttpRequest, job_id: int) -> Job:
    """One of your jobs: state, progress, result or error (404 for others' jobs)."""
    return queries.job(actor_of(request), job_id)


@router.post("/jobs", response={202: JobOut, **ERRORS}, **WRITE)
def submit_job(request: HttpRequest, payload: JobIn) -> Status[Job]:
    """Start a job of a kind the API allows; answers 202 with the queued job."""
    actor = actor_of(request)
    if not get_kind(payload.kind).api:
        raise PermissionDenied(f"the job kind {payload.kind} is started from the CLI only")
    return Status(202, actions.submit(payload.kind, payload.params, actor=actor))


@router.post("/jobs/{job_id}/cancel", response={200: JobOut, **ERRORS}, **WRITE)
def cancel_job(request: HttpRequest, job_id: int) -> Job:
    """Cancel one of your queued or running jobs (409 once it has finished)."""
    actor = actor_of(request)
    queries.job(actor, job_id)  # 404 for jobs the actor may not see
    return actions.cancel(job_id, actor=actor)
