"""Handing jobs to the task backend (Django's tasks interface, ``settings.TASKS``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

logger = logging.getLogger(__name__)


def backend_name() -> str:
    """``"database"`` or ``"rq"``: which backend ``settings.TASKS`` configures."""
    from django.conf import settings

    path = str(settings.TASKS["default"]["BACKEND"])
    return "rq" if path.startswith("django_tasks_rq.") else "database"


def enqueue(job_id: int, *, delay: float = 0.0) -> None:
    """Put one attempt of job ``job_id`` on the queue, ``delay`` seconds from now.

    Called once the submitting transaction has committed. If the backend refuses (e.g.
    Redis is down) the job is marked failed with the reason instead of waiting forever.
    """
    from .models import Job
    from .tasks import run_job

    task = run_job
    if delay > 0:
        task = run_job.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    try:
        result = task.enqueue(job_id)
    except Exception as exc:  # the broker or database refused: record it, never lose it
        from .actions import fail

        logger.exception("could not enqueue job %s", job_id)
        fail(job_id, error=f"could not enqueue the job: {type(exc).__name__}: {exc}", retry=False)
        return
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])
