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


scenario("GET /api/policy-evaluations")(no_body)


def evaluation_body(c: Cases) -> dict[str, Any]:
    """A small evaluation of given monthly rows (six firms, two treated in 2025-04)."""
    rows = [
        [f"F{k}", f"2025-{m:02d}", float(k + (1 if k < 2 and m >= 4 else 0))]
        for k in range(6)
        for m in range(1, 7)
    ]
    return {
        "policy": policy(c).code,
        "title": "vouchers",
        "unit_kind": "organization",
        "outcome": "panel",
        "outcome_label": "bookings",
        "design": "did",
        "treated": [{"unit": "F0", "adoption": "2025-04"}, {"unit": "F1", "adoption": "2025-04"}],
        "start": "2025-01",
        "end": "2025-06",
        "panel": rows,
    }


def evaluation(c: Cases, run: bool = True) -> Any:
    """An evaluation of an enacted GOV-JS policy, run (or failed when ``run`` is false)."""
    from innofield.jobs.runner import run_inline
    from innofield.policies import evaluation_actions

    body = evaluation_body(c)
    body["code"] = body.pop("policy")
    row = evaluation_actions.create_evaluation(actor=c.w.officer, background=False, **body)
    if run:
        run_inline(row.job_id)
    else:
        evaluation_actions.fail_evaluation(row.pk, "failed on purpose")
    return row


@scenario("POST /api/policy-evaluations")
def _evaluate(c: Cases) -> Request:
    return {}, evaluation_body(c)


@scenario("GET /api/policy-evaluations/{evaluation_id}")
def _get_evaluation(c: Cases) -> Request:
    return {"evaluation_id": evaluation(c).pk}, None


@scenario("POST /api/policy-evaluations/{evaluation_id}/rerun")
def _rerun(c: Cases) -> Request:
    return {"evaluation_id": evaluation(c, run=False).pk}, None


@scenario("GET /api/policy-evaluations/{evaluation_id}/report")
def _report_of(c: Cases) -> Request:
    return {"evaluation_id": evaluation(c).pk, "?format": "html", "?lang": "en"}, None


@scenario("GET /api/reports/annual")
def _annual(c: Cases) -> Request:
    return {"?region": "320000", "?year": 2022, "?format": "html"}, None
