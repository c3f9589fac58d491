"""The runner wrapper around a job kind's function: start, run, then succeed or fail.

The job's own record holds the truth (state, progress, result, error); the task on the
queue always ends normally, so a backend's own retry or failure handling never competes
with ours. Errors meant for people (``InnofieldError``: invalid input, a refused
permission, a conflict) fail at once; any other exception is retried with backoff until
the kind's attempts are used up.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable

from innofield.core.errors import InnofieldError

from . import actions
from .heartbeat import beating
from .models import Job, JobCancelled
from .registry import KINDS

Listener = Callable[[int, int | None, str], None]


def _attempt(job: Job, listener: Listener | None, requeue: bool) -> Job:
    spec = KINDS.get(job.kind)
    if spec is None:
        return actions.fail(job.pk, error=f"no job kind {job.kind!r} is registered", retry=False)
    job._listener = listener  # type: ignore[attr-defined]
    try:
        with beating(job.pk):
            result = spec.func(job, **job.params)
    except JobCancelled:
        return Job.objects.get(pk=job.pk)
    except Exception as exc:
        return actions.fail(
            job.pk,
            error=actions.describe(exc),
            traceback=traceback.format_exc(),
            retry=not isinstance(exc, InnofieldError),
            requeue=requeue,
        )
    return actions.succeed(job.pk, result)


def execute(job_id: int, *, listener: Listener | None = None) -> Job | None:
    """Run one attempt of a queued job (the task backend's entry point).

    Returns the job afterwards, or ``None`` if it was not queued (cancelled meanwhile or
    delivered twice). A retry is enqueued by :func:`actions.fail` with its backoff.
    """
    job = actions.start(job_id)
    if job is None:
        return None
    return _attempt(job, listener, requeue=True)


def run_inline(job_id: int, *, listener: Listener | None = None) -> Job:
    """Run a recorded job here and now with its retries (the CLI without ``--background``)."""
    while True:
        job = actions.start(job_id)
        if job is None:
            return Job.objects.get(pk=job_id)
        job = _attempt(job, listener, requeue=False)
        if job.is_final or job.next_attempt_at is None:
            return job
        from django.utils import timezone

        time.sleep(max(0.0, (job.next_attempt_at - timezone.now()).total_seconds()))
