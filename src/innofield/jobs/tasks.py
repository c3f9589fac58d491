"""The one task on the queue: run an attempt of a recorded job (see :mod:`.runner`)."""

from __future__ import annotations

from django_tasks import task

from .runner import execute


@task()
def run_job(job_id: int) -> str:
    """Run one attempt of job ``job_id``; returns the job's state afterwards."""
    job = execute(job_id)
    return job.state if job is not None else "skipped"
