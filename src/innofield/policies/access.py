"""Who may call the policy-supervision API operations (see :mod:`innofield.core.access`)."""

from innofield.core.access import PUBLIC, rule

from .lifecycle import transitions

ISSUER = rule("officer", "manager", "admin", owner="gov")

ACCESS = {
    "GET /api/policies": PUBLIC,
    "POST /api/policies": ISSUER,
    "GET /api/policies/{code}": PUBLIC,
    "POST /api/policies/{code}/measures": ISSUER,
    "POST /api/policies/{code}/{transition}": ISSUER,
    "POST /api/policy-measures/{measure_id}/targets": ISSUER,
    "POST /api/policy-measures/{measure_id}/tasks": ISSUER,
    "GET /api/policy-tasks": PUBLIC,  # visible tasks only
    "POST /api/policy-tasks/{task_id}/{transition}": rule(
        "member",
        "manager",
        "admin",
        owner="firm",
        note="the responsible organisation reports (start, finish); the issuer's officers "
        "too, and only they drop or reopen",
    ),
    "GET /api/policy-evaluations": PUBLIC,  # visible evaluations only
    "POST /api/policy-evaluations": ISSUER,
    "GET /api/policy-evaluations/{evaluation_id}": PUBLIC,  # of visible policies
    "POST /api/policy-evaluations/{evaluation_id}/rerun": ISSUER,
    "GET /api/policy-evaluations/{evaluation_id}/report": PUBLIC,  # of visible policies
    "GET /api/reports/annual": PUBLIC,  # observatory figures; effects of visible evaluations
}

#: The audit events this app's actions write.
EVENTS = (
    "policies.policy.create",
    *(f"policies.policy.{t}" for t in transitions("policy")),
    "policies.measure.create",
    "policies.target.create",
    "policies.task.create",
    *(f"policies.task.{t}" for t in transitions("task")),
    "policies.evaluation.submit",
    *(f"policies.evaluation.{t}" for t in transitions("evaluation")),
)
