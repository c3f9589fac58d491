"""Scenarios of the authorisation matrix: computing hubs, offers, jobs, runs, dashboard.

In the test world the lab is the provider (it publishes offers) and the firm submits jobs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario(
    "GET /api/computing/hubs",
    "GET /api/computing/offers",
    "GET /api/computing/jobs",
    "GET /api/computing/runs",
    "GET /api/computing/dashboard",
)(no_body)


def offer(c: Cases) -> Any:
    """A fresh open GPU offer of the lab at Zhongwei for the next two days."""
    from innofield.computing import actions
    from innofield.computing.models import Cluster

    actions.sync_reference(actor=None)
    now = timezone.now()
    return actions.publish_offer(
        actor=c.w.labber,
        provider=c.w.lab,
        cluster=Cluster.objects.get(code="ZW"),
        resource="gpu",
        units_per_hour=100,
        price_fen=900,
        green_pct=40,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2),
    )


def job(c: Cases) -> Any:
    """A fresh submitted job of the firm that the lab's offer could take."""
    from innofield.computing import actions

    offer(c)
    return actions.submit_job(
        actor=c.w.firmer,
        organization=c.w.firm,
        title=f"batch {c.n()}",
        hardware="gpu",
        units=10,
        data_province="330000",
        deadline=timezone.now() + dt.timedelta(hours=12),
    )


@scenario("POST /api/computing/offers")
def _publish(c: Cases) -> Request:
    from innofield.computing import actions

    actions.sync_reference(actor=None)
    now = timezone.now()
    return {}, {
        "provider": "LAB",
        "cluster": "QY",
        "resource": "gpu",
        "units_per_hour": 8,
        "price_fen": 800,
        "green_pct": 30,
        "starts_at": now.isoformat(),
        "ends_at": (now + dt.timedelta(days=1)).isoformat(),
    }


@scenario("POST /api/computing/offers/{offer_id}/withdraw")
def _withdraw(c: Cases) -> Request:
    return {"offer_id": offer(c).pk}, None


@scenario("POST /api/computing/jobs")
def _submit(c: Cases) -> Request:
    offer(c)
    return {}, {
        "organization": "FIRM",
        "title": f"job {c.n()}",
        "hardware": "gpu",
        "units": 5,
        "data_province": "330000",
        "deadline": (timezone.now() + dt.timedelta(hours=8)).isoformat(),
    }


@scenario("GET /api/computing/jobs/{job_id}")
def _get(c: Cases) -> Request:
    return {"job_id": job(c).pk}, None


@scenario("POST /api/computing/jobs/{job_id}/{transition}")
def _cancel(c: Cases) -> Request:
    return {"job_id": job(c).pk, "transition": "cancel"}, None


@scenario("POST /api/computing/runs")
def _run(c: Cases) -> Request:
    return {}, {"time_limit": 1}


@scenario("GET /api/computing/providers/{code}/placements")
def _provider_placements(c: Cases) -> Request:
    offer(c)
    return {"code": "LAB"}, None
