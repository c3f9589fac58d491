"""Policies, measures, targets and tasks as the API and pages show them."""

from __future__ import annotations

from typing import Any

from .actions import describe
from .models import Evaluation, Measure, Policy, Task
from .queries import target_progress


def task(row: Task) -> dict[str, Any]:
    """A task with its overdue flag."""
    return {
        "id": row.pk,
        "policy": row.measure.policy.code,
        "measure": row.measure_id,
        "title": row.title,
        "responsible": row.responsible.code,
        "deadline": row.deadline,
        "state": row.state,
        "evidence": row.evidence,
        "done_on": row.done_on,
        "overdue": describe(row)["overdue"],
    }


def measure(row: Measure) -> dict[str, Any]:
    """A measure with its targets (measured now) and tasks."""
    targets = []
    for t in row.targets.select_related("region", "measure__policy"):
        p = target_progress(t)
        targets.append(
            {
                "id": t.pk,
                "indicator": t.indicator,
                "label": p["label"],
                "region": t.region.code,
                "baseline": t.baseline,
                "target": t.target,
                "due_on": t.due_on,
                "value": p["value"],
                "share": p["share"],
            }
        )
    tasks = [task(x) for x in row.tasks.select_related("measure__policy", "responsible")]
    return {
        "id": row.pk,
        "seq": row.seq,
        "title": row.title,
        "description": row.description,
        "responsible": [o.code for o in row.responsible.all()],
        "targets": targets,
        "tasks": tasks,
    }


def policy(row: Policy, *, detail: bool = False) -> dict[str, Any]:
    """A policy; with ``detail`` its measures too."""
    out = {
        "code": row.code,
        "title": row.title,
        "document_number": row.document_number,
        "issuer": row.issuer.code,
        "region": row.region.code,
        "summary": row.summary,
        "issued_on": row.issued_on,
        "effective_from": row.effective_from,
        "effective_to": row.effective_to,
        "state": row.state,
        "synthetic": row.synthetic,
    }
    if detail:
        out["measures"] = [measure(m) for m in row.measures.prefetch_related("responsible")]
    return out


def evaluation(row: Evaluation, *, result: bool = False) -> dict[str, Any]:
    """An evaluation; with ``result`` its estimates, diagnostics and summaries too."""
    return {
        "id": row.pk,
        "policy": row.policy.code,
        "title": row.title,
        "unit_kind": row.unit_kind,
        "outcome": row.outcome,
        "outcome_label": row.outcome_label,
        "log_outcome": row.log_outcome,
        "design": row.design,
        "control": row.control,
        "treated": row.treated,
        "start": row.start,
        "end": row.end,
        "source_note": row.source_note,
        "state": row.state,
        "job": row.job_id,
        "error": row.error,
        "synthetic": row.synthetic,
        "created": row.created,
        "finished_at": row.finished_at,
        "result": row.result if result else None,
    }
