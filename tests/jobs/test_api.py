"""Submit → the worker runs it → progress and result through the API (database backend)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from innofield.core.models import AuditLog
from innofield.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def test_submit_run_and_read_back(world: SimpleNamespace, api: Any, work: Any) -> None:
    firmer = api(world.firmer)
    created = firmer.post("/api/jobs", {"kind": "tests.count", "params": {"n": 4}})
    assert created.status_code == 202, created.content
    job = created.json()
    assert job["state"] == "queued" and job["owner"] == "firmer"
    assert job["task_id"], "enqueued once the submit committed; the backend's id is kept"
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(id=job["task_id"], status="READY").exists()

    work()

    done = firmer.get(f"/api/jobs/{job['id']}").json()
    assert done["state"] == "succeeded", done
    assert done["result"] == {"counted": 4, "attempt": 1}
    assert (done["progress_done"], done["progress_total"]) == (4, 4)
    assert done["progress_message"] == "counted" and done["percent"] == 100
    assert done["attempts"] == 1 and done["error"] == ""
    assert done["started_at"] and done["finished_at"]
    actions = list(
        AuditLog.objects.filter(object_type="jobs.job", object_id=str(job["id"]))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["jobs.job.submit", "jobs.job.start", "jobs.job.succeed"]

    listed = firmer.get("/api/jobs").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == job["id"]


def test_other_users_do_not_see_a_job(world: SimpleNamespace, api: Any) -> None:
    job = api(world.firmer).post("/api/jobs", {"kind": "tests.count"}).json()
    rival = api(world.rivaler)
    assert rival.get(f"/api/jobs/{job['id']}").status_code == 404
    assert rival.get("/api/jobs").json() == {"count": 0, "items": []}
    refused = rival.post(f"/api/jobs/{job['id']}/cancel")
    assert refused.status_code == 404
    assert Job.objects.get(pk=job["id"]).state == "queued"
    assert api(None).get("/api/jobs").status_code == 401
    assert api(None).get(f"/api/jobs/{job['id']}").status_code == 401
    admin = api(world.admin).get(f"/api/jobs/{job['id']}")
    assert admin.status_code == 200 and admin.json()["owner"] == "firmer"


def test_failure_is_retried_then_failed_with_the_error(
    world: SimpleNamespace, api: Any, work: Any
) -> None:
    firmer = api(world.firmer)
    job = firmer.post("/api/jobs", {"kind": "tests.flaky"}).json()
    work()
    failed = firmer.get(f"/api/jobs/{job['id']}").json()
    assert failed["state"] == "failed"
    assert failed["attempts"] == failed["max_attempts"] == 3
    assert failed["error"] == "RuntimeError: flaky failure on attempt 3"
    stored = Job.objects.get(pk=job["id"])
    assert "Traceback" in stored.traceback and "flaky failure" in stored.traceback
    actions = list(
        AuditLog.objects.filter(object_type="jobs.job", object_id=str(job["id"]))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions.count("jobs.job.retry") == 2 and actions[-1] == "jobs.job.fail"


def test_a_retry_can_succeed(world: SimpleNamespace, api: Any, work: Any) -> None:
    firmer = api(world.firmer)
    job = firmer.post("/api/jobs", {"kind": "tests.flaky", "params": {"succeed_on": 2}}).json()
    work()
    done = firmer.get(f"/api/jobs/{job['id']}").json()
    assert (done["state"], done["attempts"], done["result"]) == ("succeeded", 2, "made it")
    assert done["error"] == ""


def test_cancel_before_and_while_running(world: SimpleNamespace, api: Any, work: Any) -> None:
    firmer = api(world.firmer)
    waiting = firmer.post("/api/jobs", {"kind": "tests.count"}).json()
    cancelled = firmer.post(f"/api/jobs/{waiting['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    running = firmer.post("/api/jobs", {"kind": "tests.cancels_itself"}).json()
    work()
    after = firmer.get(f"/api/jobs/{waiting['id']}").json()
    assert (after["state"], after["attempts"]) == ("cancelled", 0)  # the worker skipped it
    stopped = firmer.get(f"/api/jobs/{running['id']}").json()
    assert stopped["state"] == "cancelled" and stopped["result"] is None
    assert stopped["progress_done"] == 1  # stopped at its next report
    again = firmer.post(f"/api/jobs/{waiting['id']}/cancel")
    assert (
        again.status_code == 409
        and "cannot cancel a job that is cancelled" in again.json()["detail"]
    )


def test_backoff_defers_the_retry(
    world: SimpleNamespace, api: Any, work: Any, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.INNOFIELD_JOBS_RETRY_BACKOFF = 30
    job = api(world.firmer).post("/api/jobs", {"kind": "tests.flaky"}).json()
    work()  # runs attempt 1; attempt 2 is not due for 30 s, so the burst ends
    stored = Job.objects.get(pk=job["id"])
    assert (stored.state, stored.attempts) == ("queued", 1)
    assert stored.next_attempt_at is not None
    retry = DBTaskResult.objects.get(id=stored.task_id)
    assert abs((retry.run_after - stored.next_attempt_at).total_seconds()) < 1
    assert 29 <= (retry.run_after - stored.updated).total_seconds() <= 31


def test_a_refused_enqueue_fails_the_job_with_the_reason(
    world: SimpleNamespace, api: Any, settings: Any
) -> None:
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0"}}  # nothing listens
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]}
    }
    answer = api(world.firmer).post("/api/jobs", {"kind": "tests.count"})
    assert answer.status_code == 202
    job = answer.json()
    assert job["state"] == "failed" and job["attempts"] == 0
    assert job["error"].startswith("could not enqueue the job: ConnectionError")
