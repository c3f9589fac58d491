"""Job kinds used only by the tests, and helpers to run the worker in this process."""

from __future__ import annotations

from typing import Any

import pytest

from innofield.core.errors import NotAuthenticated
from innofield.core.permissions import Actor
from innofield.core.schemas import WriteSchema
from innofield.jobs import actions
from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind


def logged_in(actor: Actor) -> None:
    """Anyone logged in may start the test kinds."""
    if actor is not None and not actor.is_authenticated:
        raise NotAuthenticated("log in")


class CountParams(WriteSchema):
    """Count to ``n``."""

    n: int = 3


@job_kind("tests.count", allowed=logged_in, params=CountParams)
def count(job: Job, n: int = 3) -> dict[str, Any]:
    """Report progress step by step up to ``n``; the result says how far it went."""
    for i in range(n):
        job.progress(i, n, f"step {i + 1}")
    job.progress(n, n, "counted")
    return {"counted": n, "attempt": job.attempts}


class FlakyParams(WriteSchema):
    """Fail until attempt ``succeed_on`` (0: always fail)."""

    succeed_on: int = 0


@job_kind("tests.flaky", allowed=logged_in, params=FlakyParams)
def flaky(job: Job, succeed_on: int = 0) -> str:
    """Raise a plain exception (retried) until the given attempt."""
    job.progress(0, 2, "trying")
    if succeed_on == 0 or job.attempts < succeed_on:
        raise RuntimeError(f"flaky failure on attempt {job.attempts}")
    return "made it"


@job_kind("tests.cancels_itself", allowed=logged_in)
def cancels_itself(job: Job) -> str:
    """Its owner cancels it while it runs (as from another request); the next report stops it."""
    job.progress(1, 3, "working")
    actions.cancel(job.pk, actor=job.owner)
    job.progress(2, 3, "still working")
    return "never reached"


@job_kind("tests.admin_only")
def admin_only(job: Job) -> str:
    """Default rule: platform admins only."""
    return "ok"


@job_kind("tests.cli_only", allowed=logged_in, api=False)
def cli_only(job: Job) -> str:
    """Not startable through the API."""
    return "ok"


@pytest.fixture(autouse=True)
def _fast_retries(settings: Any) -> None:
    """Retries without waiting and every progress report written, so tests stay fast."""
    settings.INNOFIELD_JOBS_RETRY_BACKOFF = 0
    settings.INNOFIELD_JOBS_PROGRESS_INTERVAL = 0
    settings.INNOFIELD_JOBS_MAX_ATTEMPTS = 3


@pytest.fixture
def work() -> Any:
    """``work()`` runs the database backend's worker here until the queue is empty."""
    from innofield.jobs.worker import run_worker

    def run() -> None:
        run_worker(burst=True, interval=0)

    return run


class NapParams(WriteSchema):
    """Sleep this long without reporting progress."""

    seconds: float = 0.3


@job_kind("tests.nap", allowed=logged_in, params=NapParams)
def nap(job: Job, seconds: float = 0.3) -> float:
    """Work silently for a while; return how long after the start the row was last touched."""
    import time

    time.sleep(seconds)
    row = Job.objects.get(pk=job.pk)
    assert row.started_at is not None
    return (row.updated - row.started_at).total_seconds()
