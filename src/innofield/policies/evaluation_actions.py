"""State changes of policy evaluations: an officer of the issuing body submits one (its run
goes on the platform's job queue as ``policies.evaluate``) or runs a failed one again; the
worker (actor ``None``) starts it and records its result or its failure. Each change runs
in one transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import FieldError, NotFound, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, is_platform_admin, organization_ids, require_member
from innofield.registry.models import Organization, Region
from innofield.stats.models import Indicator

from . import lifecycle, panels
from .models import Evaluation, Policy

MAX_TREATED = 500
MAX_PANEL_ROWS = 50_000
DESIGNS = {d for d, _ in Evaluation.DESIGNS}


def may_evaluate(actor: Actor) -> None:
    """Officers and managers of a government body (and platform admins) run evaluations."""
    if actor is None or is_platform_admin(actor):
        return
    if not actor.is_authenticated:
        from innofield.core.errors import NotAuthenticated

        raise NotAuthenticated("you must log in to evaluate a policy")
    govern = set(organization_ids(actor, "govern"))
    if not Organization.objects.filter(pk__in=govern, type="government").exists():
        raise PermissionDenied("only officers of a government body evaluate policies")


def _check_outcome(
    unit_kind: str, outcome: str, panel: list[Any] | None, outcome_label: str
) -> list[FieldError]:
    problems = []
    if outcome == "panel":
        if not outcome_label.strip():
            problems.append(FieldError("outcome_label", "say what the given panel measures"))
        if not panel:
            problems.append(FieldError("panel", "give the rows [unit, period, value]"))
        elif len(panel) > MAX_PANEL_ROWS:
            problems.append(FieldError("panel", f"at most {MAX_PANEL_ROWS} rows"))
    elif panel:
        problems.append(FieldError("panel", "rows are given only with the outcome 'panel'"))
    if unit_kind == "province" and outcome != "panel":
        code = outcome[6:] if outcome.startswith("stats:") else ""
        if not code or not Indicator.objects.filter(code=code).exists():
            problems.append(
                FieldError("outcome", f"{outcome!r}: use stats:<code> of a loaded indicator")
            )
    if unit_kind == "organization" and outcome != "panel" and outcome not in panels.PLATFORM:
        problems.append(
            FieldError("outcome", f"{outcome!r}: use one of {', '.join(panels.PLATFORM)}")
        )
    return problems


def _check_treated(unit_kind: str, treated: list[Any], outcome: str) -> list[dict[str, Any]]:
    if not treated:
        raise ValidationFailed.single("treated", "name at least one treated unit")
    if len(treated) > MAX_TREATED:
        raise ValidationFailed.single("treated", f"at most {MAX_TREATED} treated units")
    clean, problems = [], []
    for k, row in enumerate(treated):
        unit = str((row or {}).get("unit", "")).strip() if isinstance(row, dict) else ""
        if not unit:
            problems.append(FieldError(f"treated.{k}.unit", "is required"))
            continue
        try:
            adoption = panels.parse_period(row.get("adoption"), unit_kind, f"treated.{k}.adoption")
        except ValidationFailed as exc:
            problems.extend(exc.errors)
            continue
        clean.append({"unit": unit, "adoption": panels.show_period(adoption, unit_kind)})
    units = [r["unit"] for r in clean]
    if len(set(units)) != len(units):
        problems.append(FieldError("treated", "a unit is named twice"))
    if outcome != "panel":
        model: Any = Region if unit_kind == "province" else Organization
        known = set(model.objects.filter(code__in=units).values_list("code", flat=True))
        for k, u in enumerate(units):
            if u not in known:
                problems.append(FieldError(f"treated.{k}.unit", f"no {unit_kind} {u!r}"))
    if problems:
        raise ValidationFailed(problems)
    return clean


def create_evaluation(
    *,
    actor: Actor,
    code: str,
    title: str,
    unit_kind: str,
    outcome: str,
    design: str,
    treated: list[Any],
    start: str,
    end: str,
    outcome_label: str = "",
    control: str = "never",
    log_outcome: bool = False,
    panel: list[Any] | None = None,
    source_note: str = "",
    synthetic: bool = False,
    background: bool = True,
) -> Evaluation:
    """Record an evaluation of policy ``code`` and queue its run (a ``policies.evaluate``
    job); ``background=False`` records the job for the caller to run inline."""
    policy = Policy.objects.filter(code=code).select_related("issuer").first()
    if policy is None:
        raise NotFound(f"no policy {code!r}")
    require_member(actor, policy.issuer, "govern")
    problems = []
    if not title.strip():
        problems.append(FieldError("title", "is required"))
    if unit_kind not in ("province", "organization"):
        problems.append(FieldError("unit_kind", "must be 'province' or 'organization'"))
    if design not in DESIGNS:
        problems.append(FieldError("design", f"must be one of {', '.join(sorted(DESIGNS))}"))
    if control not in ("never", "notyet"):
        problems.append(FieldError("control", "must be 'never' or 'notyet'"))
    if problems:
        raise ValidationFailed(problems)
    problems = _check_outcome(unit_kind, outcome, panel, outcome_label)
    periods = []
    for name, value in (("start", start), ("end", end)):
        try:
            periods.append(panels.parse_period(value, unit_kind, name))
        except ValidationFailed as exc:
            problems.extend(exc.errors)
    if len(periods) == 2 and periods[0] >= periods[1]:
        problems.append(FieldError("end", "must come after start"))
    if problems:
        raise ValidationFailed(problems)
    rows = _check_treated(unit_kind, treated, outcome)
    if design in ("synth", "before_after") and len(rows) != 1:
        raise ValidationFailed.single("treated", f"the {design} design takes one treated unit")
    if outcome == "panel":
        panels.given_panel(panel or [], unit_kind)  # every row checked before anything is kept
    with transaction.atomic():
        row = Evaluation.objects.create(
            policy=policy,
            title=title.strip(),
            unit_kind=unit_kind,
            outcome=outcome,
            outcome_label=outcome_label.strip()[:200],
            log_outcome=log_outcome,
            design=design,
            control=control,
            treated=rows,
            start=panels.show_period(periods[0], unit_kind),
            end=panels.show_period(periods[1], unit_kind),
            panel=[list(r) for r in panel] if outcome == "panel" and panel else None,
            source_note=source_note.strip(),
            created_by=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
            synthetic=synthetic,
        )
        audit.record(actor, "policies.evaluation.submit", row, after=audit.snapshot(row))
        _queue(actor, row, background)
    return row


def _queue(actor: Actor, row: Evaluation, background: bool) -> None:
    from innofield.jobs import actions as jobs

    row.job = jobs.submit(
        "policies.evaluate",
        {"evaluation": row.pk},
        actor=actor,
        organization=row.policy.issuer,
        background=background,
    )
    row.save(update_fields=["job"])


def rerun_evaluation(*, actor: Actor, evaluation_id: int, background: bool = True) -> Evaluation:
    """Queue a failed evaluation again (officers of the issuing body)."""
    with transaction.atomic():
        row = _locked(evaluation_id)
        require_member(actor, row.policy.issuer, "govern")
        old, row.state = row.state, lifecycle.advance("evaluation", row.state, "rerun")
        row.error = ""
        row.save(update_fields=["state", "error"])
        audit.record(actor, "policies.evaluation.rerun", row, {"state": [old, row.state]})
        _queue(actor, row, background)
    return row


def _locked(evaluation_id: int) -> Evaluation:
    row = get_visible(
        Evaluation.objects.select_for_update(of=("self",)).select_related("policy__issuer"),
        evaluation_id,
        "evaluation",
    )
    return row


def _move(row: Evaluation, transition: str, **fields: Any) -> Evaluation:
    old, row.state = row.state, lifecycle.advance("evaluation", row.state, transition)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=["state", *fields])
    audit.record(None, f"policies.evaluation.{transition}", row, {"state": [old, row.state]})
    return row


def start_evaluation(evaluation_id: int) -> Evaluation:
    """The worker starts the run (system)."""
    with transaction.atomic():
        return _move(_locked(evaluation_id), "start")


def finish_evaluation(
    evaluation_id: int, result: dict[str, Any], panel: list[Any] | None
) -> Evaluation:
    """Keep the result and the panel the run used (system)."""
    with transaction.atomic():
        row = _locked(evaluation_id)
        return _move(
            row,
            "finish",
            result=result,
            panel=panel if row.outcome != "panel" else row.panel,
            finished_at=timezone.now(),
        )


def fail_evaluation(evaluation_id: int, error: str) -> Evaluation:
    """Record why the run failed (system); a failed evaluation may be run again."""
    with transaction.atomic():
        return _move(_locked(evaluation_id), "fail", error=error[:2000], finished_at=timezone.now())
