"""``innofield jobs run / worker / list`` through typer's runner."""

from __future__ import annotations

import json
from types import SimpleNamespace as NS

import pytest
from typer.testing import CliRunner

from innofield.cli import app
from innofield.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def test_run_inline_background_worker_and_list(world: NS) -> None:
    runner = CliRunner()
    inline = runner.invoke(
        app, ["jobs", "run", "tests.count", "--param", "n=3", "--user", "firmer"]
    )
    assert inline.exit_code == 0, inline.output
    assert json.loads(inline.output.strip().splitlines()[-1]) == {"counted": 3, "attempt": 1}
    assert Job.objects.get(kind="tests.count").state == "succeeded"

    queued = runner.invoke(app, ["jobs", "run", "booking.release_no_shows", "--background"])
    assert queued.exit_code == 0, queued.output
    job_id = json.loads(queued.output.strip().splitlines()[-1])["job"]
    assert Job.objects.get(pk=job_id).state == "queued"
    worker = runner.invoke(app, ["jobs", "worker", "--once"])
    assert worker.exit_code == 0, worker.output
    assert Job.objects.get(pk=job_id).state == "succeeded"

    listed = runner.invoke(app, ["jobs", "list"])
    assert listed.exit_code == 0 and "booking.release_no_shows" in listed.output
    assert "succeeded" in listed.output


def test_inline_failures_are_retried_and_reported(world: NS) -> None:
    failed = CliRunner().invoke(app, ["jobs", "run", "tests.flaky", "--user", "firmer"])
    assert failed.exit_code == 1
    assert "failed: RuntimeError: flaky failure on attempt 3" in failed.output
    assert Job.objects.get().attempts == 3
    refused = CliRunner().invoke(app, ["jobs", "run", "vouchers.settle", "--user", "firmer"])
    assert refused.exit_code == 1 and "only platform admins" in refused.output
    bad = CliRunner().invoke(app, ["jobs", "run", "tests.count", "--param", "n"])
    assert bad.exit_code == 1 and "expected key=value" in bad.output


def test_dashboards_refresh_in_the_background(world: NS) -> None:
    queued = CliRunner().invoke(app, ["dashboards", "refresh", "--background", "--user", "officer"])
    assert queued.exit_code == 0, queued.output
    job = Job.objects.get(pk=json.loads(queued.output.strip().splitlines()[-1])["job"])
    assert (job.kind, job.owner, job.state) == ("dashboards.refresh", world.officer, "queued")
    refused = CliRunner().invoke(app, ["dashboards", "refresh", "--background", "--user", "firmer"])
    assert refused.exit_code == 1 and "officers" in refused.output


def test_index_rebuild_in_the_background(world: NS, work: object) -> None:
    queued = CliRunner().invoke(app, ["index", "rebuild", "--background", "--user", "admin"])
    assert queued.exit_code == 0, queued.output
    job = Job.objects.get(pk=json.loads(queued.output.strip().splitlines()[-1])["job"])
    assert (job.kind, job.owner, job.state) == ("matchmaking.index.rebuild", world.admin, "queued")
    work()  # type: ignore[operator]
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    assert set(job.result) == {"items_indexed", "demands_indexed"}
    refused = CliRunner().invoke(app, ["index", "rebuild", "--background", "--user", "firmer"])
    assert refused.exit_code == 1 and "only platform admins" in refused.output
