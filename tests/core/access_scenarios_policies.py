"""Scenarios of the authorisation matrix: policy supervision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario("GET /api/policies", "GET /api/policy-tasks")(no_body)


def policy(c: Cases, enacted: bool = True) -> Any:
    """A policy of GOV-JS with one measure."""
    from innofield.policies import actions

    today = timezone.localdate()
    row = actions.create_policy(
        actor=c.w.officer,
        code=f"MXP-{c.n()}",
        title="sharing",
        issuer=c.w.gov,
        region=c.w.js,
        issued_on=today,
        effective_from=today,
    )
    actions.add_measure(actor=c.w.officer, code=row.code, title="open instruments")
    if enacted:
        row = actions.transition_policy(actor=c.w.officer, code=row.code, transition="enact")
    return row


@scenario("POST /api/policies")
def _create(c: Cases) -> Request:
    today = timezone.localdate().isoformat()
    return {}, {
        "code": f"MXN-{c.n()}",
        "title": "new",
        "issuer": "GOV-JS",
        "region": "320000",
        "issued_on": today,
        "effective_from": today,
    }


@scenario("GET /api/policies/{code}")
def _get(c: Cases) -> Request:
    return {"code": policy(c).code}, None


@scenario("POST /api/policies/{code}/measures")
def _measure(c: Cases) -> Request:
    return {"code": policy(c).code}, {"title": "a measure", "responsible": ["LAB"]}


@scenario("POST /api/policies/{code}/{transition}")
def _enact(c: Cases) -> Request:
    return {"code": policy(c, enacted=False).code, "transition": "enact"}, None


@scenario("POST /api/policy-measures/{measure_id}/targets")
def _target(c: Cases) -> Request:
    due = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    measure = policy(c).measures.get()
    return {"measure_id": measure.pk}, {
        "indicator": "bookings.completed",
        "region": "320000",
        "target": 10,
        "due_on": due,
    }


@scenario("POST /api/policy-measures/{measure_id}/tasks")
def _task(c: Cases) -> Request:
    due = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    measure = policy(c).measures.get()
    return {"measure_id": measure.pk}, {"title": "do it", "responsible": "FIRM", "deadline": due}


@scenario("POST /api/policy-tasks/{task_id}/{transition}")
def _report(c: Cases) -> Request:
    from innofield.policies import actions

    measure = policy(c).measures.get()
    task = actions.add_task(
        actor=c.w.officer,
        measure_id=measure.pk,
        title="report",
        responsible=c.w.firm,
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    return {"task_id": task.pk, "transition": "start"}, {}
