"""Scenarios of the authorisation matrix: background jobs."""

from __future__ import annotations

from typing import Any

from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario("GET /api/jobs", "GET /api/jobs/kinds")(no_body)


@scenario("POST /api/jobs")
def _submit(c: Cases) -> Request:
    return {}, {"kind": "dashboards.refresh", "params": {}}


@scenario("GET /api/jobs/{job_id}", "POST /api/jobs/{job_id}/cancel")
def _job(c: Cases) -> Request:
    from innofield.jobs import actions

    job = actions.submit("dashboards.refresh", {}, actor=c.w.officer)
    return {"job_id": job.pk}, None
