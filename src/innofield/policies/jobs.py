"""Job kinds of the policies app (found by ``innofield.jobs``): run an evaluation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from innofield.core.errors import InnofieldError
from innofield.core.schemas import WriteSchema
from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind

from . import evaluation_actions as actions
from .evaluation_actions import may_evaluate


class EvaluateParams(WriteSchema):
    """The evaluation to run."""

    evaluation: int


@job_kind(
    "policies.evaluate",
    label=_("Evaluate a policy's effect"),
    allowed=may_evaluate,
    params=EvaluateParams,
    max_attempts=1,
    api=False,
)
def evaluate(job: Job, evaluation: int) -> dict[str, Any]:
    """Build the evaluation's panel, estimate its design, keep the result."""
    from .run import compute

    actions.start_evaluation(evaluation)
    try:
        result, panel = compute(evaluation, job.progress)
    except InnofieldError as exc:
        actions.fail_evaluation(evaluation, str(exc))
        raise
    except Exception as exc:
        actions.fail_evaluation(evaluation, f"{type(exc).__name__}: {exc}")
        raise
    actions.finish_evaluation(evaluation, result, panel)
    estimate = result["estimate"]
    return {"evaluation": evaluation, "att": estimate.get("att"), "se": estimate.get("se")}
