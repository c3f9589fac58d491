"""State changes of policy supervision. Each takes the acting user, runs in one
transaction and writes its audit row in it.

Officers and managers of the issuing body (the ``govern`` roles) write policies, measures,
targets and tasks; members of the organisation responsible for a task report on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import FieldError, NotFound, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import (
    Actor,
    is_platform_admin,
    organization_ids,
    require_member,
)
from innofield.registry.models import Organization, Region

from . import lifecycle, metrics
from .models import Measure, Policy, Target, Task

CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def _fail(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])


def _require_issuer(actor: Actor, policy: Policy, what: str) -> None:
    require_member(actor, policy.issuer, "govern")


def _locked_policy(code: str) -> Policy:
    policy = Policy.objects.select_for_update().filter(code=code).first()
    if policy is None:
        raise NotFound(f"no policy {code!r}")
    return policy


def create_policy(
    *,
    actor: Actor,
    code: str,
    title: str,
    issuer: Organization,
    region: Region,
    issued_on: dt.date,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    document_number: str = "",
    summary: str = "",
    synthetic: bool = False,
) -> Policy:
    """Draft a policy of ``issuer`` (a government body) for ``region``."""
    require_member(actor, issuer, "govern")
    problems = []
    if not code or len(code) > 40 or set(code) - CODE_CHARS:
        problems.append(("code", "must be 1-40 letters, digits or - _ ."))
    if not title.strip():
        problems.append(("title", "is required"))
    if issuer.type != "government":
        problems.append(("issuer", f"{issuer.code} is not a government body"))
    if effective_to is not None and effective_to < effective_from:
        problems.append(("effective_to", "must not be before effective_from"))
    if effective_from < issued_on:
        problems.append(("effective_from", "must not be before the policy is issued"))
    _fail(problems)
    with transaction.atomic():
        if Policy.objects.filter(code=code).exists():
            raise ValidationFailed.single("code", f"a policy {code!r} already exists")
        policy = Policy.objects.create(
            code=code,
            title=title.strip(),
            issuer=issuer,
            region=region,
            issued_on=issued_on,
            effective_from=effective_from,
            effective_to=effective_to,
            document_number=document_number.strip(),
            summary=summary.strip(),
            synthetic=synthetic,
        )
        audit.record(actor, "policies.policy.create", policy, after=audit.snapshot(policy))
    return policy


def transition_policy(*, actor: Actor, code: str, transition: str) -> Policy:
    """Enact, withdraw, expire or repeal a policy (its issuer's officers)."""
    if transition not in lifecycle.transitions("policy"):
        raise ValidationFailed.single("transition", f"unknown policy transition {transition!r}")
    with transaction.atomic():
        policy = _locked_policy(code)
        _require_issuer(actor, policy, f"{transition} this policy")
        before = audit.snapshot(policy)
        old, policy.state = policy.state, lifecycle.advance("policy", policy.state, transition)
        policy.save(update_fields=["state"])
        audit.record(
            actor,
            f"policies.policy.{transition}",
            policy,
            {"state": [old, policy.state]},
            before=before,
            after=audit.snapshot(policy),
        )
    return policy


def add_measure(
    *,
    actor: Actor,
    code: str,
    title: str,
    description: str = "",
    responsible: list[Organization] | None = None,
) -> Measure:
    """Add the next measure to a policy, with the organisations responsible for it."""
    if not title.strip():
        raise ValidationFailed.single("title", "is required")
    with transaction.atomic():
        policy = _locked_policy(code)
        _require_issuer(actor, policy, "add a measure")
        seq = policy.measures.count() + 1
        measure = Measure.objects.create(
            policy=policy, seq=seq, title=title.strip(), description=description.strip()
        )
        measure.responsible.set(responsible or [])
        audit.record(
            actor,
            "policies.measure.create",
            measure,
            {"responsible": [o.code for o in responsible or []]},
            after=audit.snapshot(measure),
        )
    return measure


def _measure(measure_id: int) -> Measure:
    measure = get_visible(
        Measure.objects.select_related("policy__issuer").select_for_update(of=("self",)),
        measure_id,
        "measure",
    )
    return measure


def add_target(
    *,
    actor: Actor,
    measure_id: int,
    indicator: str,
    region: Region,
    target: float,
    due_on: dt.date,
    baseline: float | None = None,
) -> Target:
    """Bind a measure to an indicator: reach ``target`` in ``region`` by ``due_on``."""
    problems = []
    if not metrics.known(indicator):
        problems.append(
            (
                "indicator",
                f"unknown indicator {indicator!r}: use one of "
                f"{', '.join(metrics.METRICS)} or stats:<code> of a loaded panel",
            )
        )
    for name, value in (("target", target), ("baseline", baseline)):
        if value is not None and (value != value or abs(value) > 1e15):
            problems.append((name, "must be a finite number"))
    _fail(problems)
    with transaction.atomic():
        measure = _measure(measure_id)
        _require_issuer(actor, measure.policy, "add a target")
        row = Target.objects.create(
            measure=measure,
            indicator=indicator,
            region=region,
            target=target,
            baseline=baseline,
            due_on=due_on,
        )
        audit.record(actor, "policies.target.create", row, after=audit.snapshot(row))
    return row


def add_task(
    *,
    actor: Actor,
    measure_id: int,
    title: str,
    responsible: Organization,
    deadline: dt.date,
    today: dt.date | None = None,
) -> Task:
    """Give an organisation an implementation task with a deadline."""
    today = today or timezone.localdate()
    problems = []
    if not title.strip():
        problems.append(("title", "is required"))
    if deadline < today:
        problems.append(("deadline", f"{deadline.isoformat()} is in the past"))
    _fail(problems)
    with transaction.atomic():
        measure = _measure(measure_id)
        _require_issuer(actor, measure.policy, "add a task")
        task = Task.objects.create(
            measure=measure, title=title.strip(), responsible=responsible, deadline=deadline
        )
        audit.record(actor, "policies.task.create", task, after=audit.snapshot(task))
    return task


def transition_task(
    *, actor: Actor, task_id: int, transition: str, evidence: str = "", today: dt.date | None = None
) -> Task:
    """Start, finish (with evidence), drop or reopen a task. The responsible organisation's
    members report on it; the issuer's officers may too, and only they drop or reopen."""
    if transition not in lifecycle.transitions("task"):
        raise ValidationFailed.single("transition", f"unknown task transition {transition!r}")
    with transaction.atomic():
        task = get_visible(
            Task.objects.select_for_update(of=("self",)).select_related(
                "measure__policy__issuer", "responsible"
            ),
            task_id,
            "task",
        )
        issuer = task.measure.policy.issuer
        governs = is_platform_admin(actor) or issuer.pk in organization_ids(actor, "govern")
        reports = task.responsible_id in organization_ids(actor, "change")
        if not (governs or (reports and transition in ("start", "finish"))):
            if actor is None or not actor.is_authenticated:
                raise PermissionDenied("you must log in to report on a task")
            raise PermissionDenied(
                f"only members of {task.responsible.code} (start, finish) or officers of "
                f"{issuer.code} may {transition} this task"
            )
        if transition == "finish" and not evidence.strip():
            raise ValidationFailed.single("evidence", "say what shows the task is done")
        before = audit.snapshot(task)
        old, task.state = task.state, lifecycle.advance("task", task.state, transition)
        if transition == "finish":
            task.evidence, task.done_on = evidence.strip(), today or timezone.localdate()
        if transition == "reopen":
            task.done_on = None
        task.save(update_fields=["state", "evidence", "done_on"])
        audit.record(
            actor,
            f"policies.task.{transition}",
            task,
            {"state": [old, task.state]},
            before=before,
            after=audit.snapshot(task),
        )
    return task


def describe(task: Task, today: dt.date | None = None) -> dict[str, Any]:
    """A task's supervision facts: overdue, days left."""
    today = today or timezone.localdate()
    open_ = task.state in lifecycle.OPEN_TASK_STATES
    return {
        "overdue": open_ and task.deadline < today,
        "days_left": (task.deadline - today).days if open_ else None,
    }
