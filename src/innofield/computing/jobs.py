"""Job kinds of the computing app (found by ``innofield.jobs``): the allocation run."""

from __future__ import annotations

from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from pydantic import Field

from innofield.core.errors import NotAuthenticated, PermissionDenied
from innofield.core.permissions import Actor, is_platform_admin, organization_ids
from innofield.core.schemas import WriteSchema
from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind, on_worker_start

from .actions import run_allocation


def may_run(actor: Actor) -> None:
    """Platform admins, the system and any member of an organisation start runs."""
    if actor is None or is_platform_admin(actor):
        return
    if not actor.is_authenticated:
        raise NotAuthenticated("you must log in to start an allocation run")
    if not organization_ids(actor, "create"):
        raise PermissionDenied("only members of an organisation start allocation runs")


class RunParams(WriteSchema):
    """The objective, the number of hourly windows ahead and the solver's time limit."""

    objective: Literal["cost", "carbon", "latency", "weighted"] = "weighted"
    windows: int = Field(24, ge=1, le=168)
    time_limit: float = Field(5.0, gt=0, le=60)


@job_kind(
    "computing.allocate",
    label=_("Allocate computing jobs to offers"),
    allowed=may_run,
    params=RunParams,
)
def allocate(
    job: Job, objective: str = "weighted", windows: int = 24, time_limit: float = 5.0
) -> dict[str, Any]:
    """Place every submitted job and reserve capacity (see ``actions.run_allocation``)."""
    run = run_allocation(
        actor=None,
        started_by=job.owner,
        objective=objective,
        windows=windows,
        time_limit=time_limit,
        job_id=job.pk,
        progress=job.progress,
    )
    return {"run": run.pk, "jobs": run.jobs_open, "placed": run.placed, "status": run.status}


@on_worker_start
def load_allocation_kernel() -> float:
    """Load the allocation solver's compiled tabu search (numba; compiled once per
    machine, about 0.5 s to load, 6-10 s the first time) so that the first allocation run
    in this worker uses it instead of the slower numpy search; returns the seconds."""
    from innofield.allocation.tabu_jit import warm

    return warm()
