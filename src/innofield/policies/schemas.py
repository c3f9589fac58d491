"""API schemas of policy supervision."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from innofield.core.api import PageOf
from innofield.core.schemas import Code, LongText, Memo, Title, WriteSchema


class PolicyIn(WriteSchema):
    """A new policy (a draft until enacted)."""

    code: Code
    title: Title
    issuer: Code
    region: Code
    issued_on: dt.date
    effective_from: dt.date
    effective_to: dt.date | None = None
    document_number: Title = ""
    summary: LongText = ""


class MeasureIn(WriteSchema):
    """A measure and the codes of the organisations responsible for it."""

    title: Title
    description: LongText = ""
    responsible: list[Code] = Field(default_factory=list, max_length=50)


class TargetIn(WriteSchema):
    """A target: an indicator in a region to reach by a date."""

    indicator: Code
    region: Code
    target: float = Field(allow_inf_nan=False)
    baseline: float | None = Field(None, allow_inf_nan=False)
    due_on: dt.date


class TaskIn(WriteSchema):
    """An implementation task for an organisation."""

    title: Title
    responsible: Code
    deadline: dt.date


class TaskReportIn(WriteSchema):
    """Evidence of a finished task (required for ``finish``)."""

    evidence: Memo = ""


class TargetOut(Schema):
    """A target measured now."""

    id: int
    indicator: str
    label: str
    region: str
    baseline: float | None
    target: float
    due_on: dt.date
    value: float | None
    share: float | None


class TaskOut(Schema):
    """A task with its supervision facts."""

    id: int
    policy: str
    measure: int
    title: str
    responsible: str
    deadline: dt.date
    state: str
    evidence: str
    done_on: dt.date | None
    overdue: bool


class MeasureOut(Schema):
    """A measure with its targets and tasks."""

    id: int
    seq: int
    title: str
    description: str
    responsible: list[str]
    targets: list[TargetOut]
    tasks: list[TaskOut]


class PolicyOut(Schema):
    """A policy; ``measures`` only on the detail endpoint."""

    code: str
    title: str
    document_number: str
    issuer: str
    region: str
    summary: str
    issued_on: dt.date
    effective_from: dt.date
    effective_to: dt.date | None
    state: str
    synthetic: bool
    measures: list[MeasureOut] = []


#: One page of policies.
PolicyPage = PageOf[PolicyOut]


#: One page of tasks.
TaskPage = PageOf[TaskOut]


Period = Annotated[str, StringConstraints(strip_whitespace=True, max_length=7)]


class AdoptionIn(WriteSchema):
    """A treated unit (province or organisation code) and its first treated period."""

    unit: Code
    adoption: Period


class EvaluationIn(WriteSchema):
    """A new evaluation of a policy; its run is queued as a background job."""

    policy: Code
    title: Title
    unit_kind: Literal["province", "organization"] = "province"
    outcome: Code = Field(description="stats:<code>, a platform metric, or 'panel'")
    outcome_label: Title = ""
    log_outcome: bool = False
    design: Literal["did", "twfe", "synth", "before_after"] = "did"
    control: Literal["never", "notyet"] = "never"
    treated: list[AdoptionIn] = Field(min_length=1, max_length=500)
    start: Period
    end: Period
    source_note: Memo = ""
    panel: list[tuple[Code, Period, float]] | None = Field(
        None, max_length=50_000, description="rows [unit, period, value] for outcome 'panel'"
    )


class EvaluationOut(Schema):
    """An evaluation: its specification, state and (once done) its result."""

    id: int
    policy: str
    title: str
    unit_kind: str
    outcome: str
    outcome_label: str
    log_outcome: bool
    design: str
    control: str
    treated: list[dict[str, Any]]
    start: str
    end: str
    source_note: str
    state: str
    job: int | None
    error: str
    synthetic: bool
    created: dt.datetime
    finished_at: dt.datetime | None
    result: dict[str, Any] | None = None


#: A page of evaluations (without their results).
EvaluationPage = PageOf[EvaluationOut]
