"""Every change of a job: submit, cancel, and the runner's start / succeed / fail / retry.

Each runs in one transaction with its audit row (actor ``None``: the worker, as system);
progress reports are the exception: frequent, short, not audited.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import InnofieldError, NotAuthenticated
from innofield.core.permissions import Actor, require
from innofield.registry.models import Organization

from . import lifecycle, queue
from .models import Job, JobCancelled
from .registry import get_kind

MAX_ERROR = 2_000
MAX_TRACEBACK = 20_000


def _organization_of(actor: Actor) -> Organization | None:
    if actor is None or not actor.is_authenticated:
        return None
    return Organization.objects.filter(memberships__user_id=actor.pk).order_by("pk").first()


def _move(job: Job, event: str) -> str:
    old = job.state
    job.state = lifecycle.next_state(job.state, event)
    return old


def submit(
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    actor: Actor,
    organization: Organization | None = None,
    background: bool = True,
) -> Job:
    """Record a job of ``kind`` and enqueue it once the transaction commits.

    The kind's rule decides who may (the rules let the system, ``actor=None``, through).
    ``background=False`` only records it, for the caller to run inline (the CLI).
    """
    spec = get_kind(kind)
    if actor is not None and not actor.is_authenticated:
        raise NotAuthenticated("you must log in to start a job")
    spec.check(actor)
    clean = spec.clean(params)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            owner=actor if actor is not None else None,  # type: ignore[misc]
            organization=organization or _organization_of(actor),
            params=clean,
            max_attempts=spec.attempts(),
        )
        audit.record(actor, "jobs.job.submit", job, {"kind": kind, "params": clean})
        if background:
            job_id = job.pk
            transaction.on_commit(lambda: queue.enqueue(job_id))
    if background and not transaction.get_connection().in_atomic_block:
        job.refresh_from_db(fields=["task_id", "state", "error", "finished_at"])  # enqueued
    return job


def cancel(job_id: int, *, actor: Actor) -> Job:
    """Cancel a queued or running job (its owner or a platform admin); 409 once finished."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        require(actor, "change", job)
        old = _move(job, "cancel")
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "finished_at", "updated"])
        audit.record(actor, "jobs.job.cancel", job, {"state": [old, job.state]})
    return job


def start(job_id: int) -> Job | None:
    """Mark a queued job running (one more attempt); ``None`` if it is not queued any more."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != lifecycle.QUEUED:
            return None  # cancelled meanwhile, or a duplicate delivery of the task
        old = _move(job, "start")
        job.attempts += 1
        job.started_at = timezone.now()
        job.next_attempt_at = None
        job.save(update_fields=["state", "attempts", "started_at", "next_attempt_at", "updated"])
        audit.record(
            None, "jobs.job.start", job, {"state": [old, job.state], "attempt": job.attempts}
        )
    return job


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def succeed(job_id: int, result: Any) -> Job:
    """Record a running job's result; a job cancelled meanwhile stays cancelled."""
    try:
        value = _as_json(result)
    except (TypeError, ValueError) as exc:
        return fail(job_id, error=f"the job's result is not JSON: {exc}", retry=False)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.state != lifecycle.RUNNING:
            return job
        old = _move(job, "succeed")
        job.result = value
        job.error = ""
        job.finished_at = timezone.now()
        if job.progress_total:
            job.progress_done = job.progress_total
        job.save(
            update_fields=["state", "result", "error", "finished_at", "progress_done", "updated"]
        )
        audit.record(None, "jobs.job.succeed", job, {"state": [old, job.state]})
    return job


def backoff(attempt: int) -> float:
    """Seconds to wait before attempt ``attempt + 1``: base × 2^(attempt − 1)."""
    from django.conf import settings

    base = float(getattr(settings, "INNOFIELD_JOBS_RETRY_BACKOFF", 10.0))
    return base * 2 ** max(0, attempt - 1)


def fail(
    job_id: int,
    *,
    error: str,
    traceback: str = "",
    retry: bool = True,
    requeue: bool = True,
) -> Job:
    """Record a failed attempt: back to queued after a backoff while attempts remain (and
    ``retry``), else failed for good. The error is kept either way, so it is never lost.
    ``requeue=False`` leaves re-running to the caller (the CLI's inline mode)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if lifecycle.is_final(job.state):
            return job
        job.error = error[:MAX_ERROR]
        job.traceback = traceback[-MAX_TRACEBACK:]
        again = retry and job.state == lifecycle.RUNNING and job.attempts < job.max_attempts
        old = _move(job, "retry" if again else "fail")
        delay = backoff(job.attempts) if again else 0.0
        now = timezone.now()
        job.next_attempt_at = now + dt.timedelta(seconds=delay) if again else None
        job.finished_at = None if again else now
        job.save(
            update_fields=[
                "state",
                "error",
                "traceback",
                "next_attempt_at",
                "finished_at",
                "updated",
            ]
        )
        audit.record(
            None,
            "jobs.job.retry" if again else "jobs.job.fail",
            job,
            {"state": [old, job.state], "attempt": job.attempts, "error": job.error},
        )
        if again and requeue:
            transaction.on_commit(lambda: queue.enqueue(job_id, delay=delay))
    return job


def report_progress(job: Job, *, done: int, total: int | None, message: str) -> None:
    """Store a running job's progress in a short transaction of its own.

    Raises :class:`JobCancelled` if the job is no longer running (cancelled meanwhile).
    """
    done = max(0, int(done))
    total = None if total is None else max(0, int(total))
    with transaction.atomic():
        changed = Job.objects.filter(pk=job.pk, state=lifecycle.RUNNING).update(
            progress_done=done,
            progress_total=total,
            progress_message=message[:300],
            updated=timezone.now(),
        )
    if not changed:
        raise JobCancelled(f"job {job.pk} is no longer running")
    job.progress_done, job.progress_total, job.progress_message = done, total, message[:300]


def describe(exc: BaseException) -> str:
    """The error text shown to the job's owner."""
    if isinstance(exc, InnofieldError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
