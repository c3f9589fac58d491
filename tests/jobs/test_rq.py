"""The same job API on the RQ backend against a real Redis server (skipped without one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import redis

from innofield.jobs.models import Job
from innofield.jobs.queue import backend_name
from innofield.jobs.worker import run_worker

REDIS_URL = os.environ.get("INNOFIELD_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not _redis_answers(),
        reason=f"no Redis server answers at {REDIS_URL} (start one: redis-server --daemonize yes;"
        " .ci/run does)",
    ),
]


@pytest.fixture
def rq_backend(settings: Any) -> Iterator[Any]:
    """Jobs go to RQ on the test Redis database; its queues start and end empty."""
    import django_rq
    from rq.registry import ScheduledJobRegistry

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]}
    }
    queue = django_rq.get_queue("default")

    def clear() -> None:
        queue.empty()
        scheduled = ScheduledJobRegistry(queue=queue)
        for job_id in scheduled.get_job_ids():
            scheduled.remove(job_id, delete_job=True)

    clear()
    yield queue
    clear()


def test_rq_runs_a_job_with_progress(world: SimpleNamespace, api: Any, rq_backend: Any) -> None:
    assert backend_name() == "rq"
    firmer = api(world.firmer)
    job = firmer.post("/api/jobs", {"kind": "tests.count", "params": {"n": 5}}).json()
    assert rq_backend.count == 1, "the task waits in Redis"
    task_id = firmer.get(f"/api/jobs/{job['id']}").json()["task_id"]
    assert rq_backend.job_ids == [task_id]

    run_worker(burst=True)  # RQ's forking worker, as deployed

    done = firmer.get(f"/api/jobs/{job['id']}").json()
    assert done["state"] == "succeeded", done
    assert done["result"] == {"counted": 5, "attempt": 1}
    assert (done["progress_done"], done["progress_total"]) == (5, 5)
    assert rq_backend.count == 0
    assert api(world.rivaler).get(f"/api/jobs/{job['id']}").status_code == 404


def test_rq_retries_then_fails(world: SimpleNamespace, api: Any, rq_backend: Any) -> None:
    firmer = api(world.firmer)
    job = firmer.post("/api/jobs", {"kind": "tests.flaky"}).json()
    run_worker(burst=True, fork=False)
    failed = firmer.get(f"/api/jobs/{job['id']}").json()
    assert (failed["state"], failed["attempts"]) == ("failed", 3)
    assert failed["error"] == "RuntimeError: flaky failure on attempt 3"


def test_rq_backoff_schedules_the_retry(
    world: SimpleNamespace, api: Any, rq_backend: Any, settings: Any
) -> None:
    from rq.registry import ScheduledJobRegistry

    settings.INNOFIELD_JOBS_RETRY_BACKOFF = 30
    firmer = api(world.firmer)
    job = firmer.post("/api/jobs", {"kind": "tests.flaky"}).json()
    run_worker(burst=True, fork=False)
    stored = Job.objects.get(pk=job["id"])
    assert (stored.state, stored.attempts) == ("queued", 1)
    assert stored.error == "RuntimeError: flaky failure on attempt 1"
    assert stored.next_attempt_at is not None and stored.started_at is not None
    wait = (stored.next_attempt_at - stored.updated).total_seconds()
    assert 29 <= wait <= 31
    assert ScheduledJobRegistry(queue=rq_backend).get_job_ids() == [stored.task_id]
