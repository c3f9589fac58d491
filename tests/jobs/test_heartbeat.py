"""A job whose worker died is retried, not left "running" forever; live jobs beat."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.utils import timezone

from innofield.jobs import actions
from innofield.jobs.heartbeat import requeue_stale
from innofield.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_job_whose_worker_died_is_retried(world: NS, work: Any) -> None:
    job = actions.submit("tests.count", actor=world.firmer, background=False)
    actions.start(job.pk)  # a worker took it ... and was killed
    Job.objects.filter(pk=job.pk).update(updated=timezone.now() - dt.timedelta(minutes=5))
    fresh = actions.submit("tests.count", actor=world.firmer, background=False)
    actions.start(fresh.pk)  # still beating: left alone
    assert requeue_stale(older_than=120) == [job.pk]
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("queued", 1)
    assert job.error == "the worker running it stopped (no heartbeat for 120 s)"
    work()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("succeeded", 2, "")
    assert Job.objects.get(pk=fresh.pk).state == "running"


def test_out_of_attempts_it_fails_with_the_reason(world: NS) -> None:
    job = actions.submit("tests.count", actor=world.firmer, background=False)
    actions.start(job.pk)
    Job.objects.filter(pk=job.pk).update(
        attempts=3, updated=timezone.now() - dt.timedelta(minutes=5)
    )
    requeue_stale(older_than=120)
    job.refresh_from_db()
    assert job.state == "failed" and "no heartbeat" in job.error


def test_a_silent_job_keeps_beating(world: NS, work: Any, settings: Any) -> None:
    settings.INNOFIELD_JOBS_HEARTBEAT = 0.05
    job = actions.submit("tests.nap", {"seconds": 0.4}, actor=world.firmer)
    work()
    job.refresh_from_db()
    assert job.state == "succeeded"
    assert job.result >= 0.2, "the heartbeat touched the row while the job ran silently"
    from innofield.core.models import AuditLog

    # the heartbeat wrote; no audit rows for it (only start and succeed besides submit)
    assert AuditLog.objects.filter(object_type="jobs.job", object_id=str(job.pk)).count() == 3
