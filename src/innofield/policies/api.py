"""REST endpoints of policy supervision."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import ValidationFailed
from innofield.registry.models import Organization, Region

from . import actions, present, queries, reports
from . import evaluation_actions as evaluations
from .schemas import (
    EvaluationIn,
    EvaluationOut,
    EvaluationPage,
    MeasureIn,
    PolicyIn,
    PolicyOut,
    PolicyPage,
    TargetIn,
    TaskIn,
    TaskOut,
    TaskPage,
    TaskReportIn,
)

router = Router(tags=["policies"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}
FILES = {200: None, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 503: ErrorOut}


def _org(code: str, field: str) -> Organization:
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise ValidationFailed.single(field, f"no organization {code!r}")
    return org


def _region(code: str, field: str = "region") -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationFailed.single(field, f"no region {code!r}")
    return region


@router.get("/policies", response={200: PolicyPage, 422: ErrorOut})
def list_policies(
    request: HttpRequest, page: Query[Page], region: str = "", state: str = "", text: str = ""
) -> Any:
    """Policies you may see, filtered by region (and below), state and words."""
    found = paginate(
        queries.policies(actor_of(request), region=region, state=state, text=text),
        page.limit,
        page.offset,
    )
    return {"count": found["count"], "items": [present.policy(p) for p in found["items"]]}


@router.post("/policies", response={201: PolicyOut, **ERRORS}, **WRITE)
def create_policy(request: HttpRequest, payload: PolicyIn) -> Any:
    """Draft a policy of a government body (its officers)."""
    data = payload.model_dump()
    data["issuer"] = _org(data["issuer"], "issuer")
    data["region"] = _region(data["region"])
    row = actions.create_policy(actor=actor_of(request), **data)
    return Status(201, present.policy(row))


@router.get("/policies/{code}", response={200: PolicyOut, 404: ErrorOut})
def get_policy(request: HttpRequest, code: str) -> Any:
    """A policy with its measures, targets measured now, and tasks."""
    return present.policy(queries.policy(actor_of(request), code), detail=True)


@router.post("/policies/{code}/measures", response={201: PolicyOut, **ERRORS}, **WRITE)
def add_measure(request: HttpRequest, code: str, payload: MeasureIn) -> Any:
    """Add a measure and the organisations responsible for it."""
    orgs = [_org(c, "responsible") for c in payload.responsible]
    actions.add_measure(
        actor=actor_of(request),
        code=code,
        title=payload.title,
        description=payload.description,
        responsible=orgs,
    )
    return Status(201, present.policy(queries.policy(actor_of(request), code), detail=True))


@router.post("/policies/{code}/{transition}", response={200: PolicyOut, **ERRORS}, **WRITE)
def transition_policy(request: HttpRequest, code: str, transition: str) -> Any:
    """``enact``, ``withdraw``, ``expire`` or ``repeal`` a policy."""
    row = actions.transition_policy(actor=actor_of(request), code=code, transition=transition)
    return present.policy(row)


@router.post("/policy-measures/{measure_id}/targets", response={201: PolicyOut, **ERRORS}, **WRITE)
def add_target(request: HttpRequest, measure_id: int, payload: TargetIn) -> Any:
    """Bind a measure to an indicator target."""
    t = actions.add_target(
        actor=actor_of(request),
        measure_id=measure_id,
        indicator=payload.indicator,
        region=_region(payload.region),
        target=payload.target,
        baseline=payload.baseline,
        due_on=payload.due_on,
    )
    return Status(201, present.policy(t.measure.policy, detail=True))


@router.post("/policy-measures/{measure_id}/tasks", response={201: TaskOut, **ERRORS}, **WRITE)
def add_task(request: HttpRequest, measure_id: int, payload: TaskIn) -> Any:
    """Give an organisation an implementation task with a deadline."""
    task = actions.add_task(
        actor=actor_of(request),
        measure_id=measure_id,
        title=payload.title,
        responsible=_org(payload.responsible, "responsible"),
        deadline=payload.deadline,
    )
    return Status(201, present.task(task))


@router.get("/policy-tasks", response={200: TaskPage, 422: ErrorOut})
def list_tasks(
    request: HttpRequest, page: Query[Page], overdue: bool = False, organization: str = ""
) -> Any:
    """The supervision board: tasks you may see, earliest deadline first."""
    qs = queries.board(actor_of(request), overdue_only=overdue, organization=organization)
    found = paginate(qs, page.limit, page.offset)
    return {"count": found["count"], "items": [present.task(t) for t in found["items"]]}


@router.post("/policy-tasks/{task_id}/{transition}", response={200: TaskOut, **ERRORS}, **WRITE)
def transition_task(
    request: HttpRequest, task_id: int, transition: str, payload: TaskReportIn
) -> Any:
    """``start``, ``finish`` (with evidence), ``drop`` or ``reopen`` a task."""
    task = actions.transition_task(
        actor=actor_of(request), task_id=task_id, transition=transition, evidence=payload.evidence
    )
    return present.task(task)


@router.get("/policy-evaluations", response={200: EvaluationPage, 422: ErrorOut})
def list_evaluations(
    request: HttpRequest, page: Query[Page], policy: str = "", state: str = ""
) -> Any:
    """Evaluations you may see (those of visible policies), newest first, without results."""
    qs = queries.evaluations(actor_of(request), policy=policy, state=state)
    found = paginate(qs, page.limit, page.offset)
    return {"count": found["count"], "items": [present.evaluation(e) for e in found["items"]]}


@router.post("/policy-evaluations", response={202: EvaluationOut, **ERRORS}, **WRITE)
def create_evaluation(request: HttpRequest, payload: EvaluationIn) -> Any:
    """Evaluate a policy (officers of its issuing body): the run is queued as a job;
    poll ``GET /api/policy-evaluations/{id}`` until ``state`` is ``done`` or ``failed``."""
    data = payload.model_dump()
    data["code"] = data.pop("policy")
    data["panel"] = [list(r) for r in data["panel"]] if data["panel"] is not None else None
    row = evaluations.create_evaluation(actor=actor_of(request), **data)
    return Status(202, present.evaluation(row))


@router.get("/policy-evaluations/{evaluation_id}", response={200: EvaluationOut, 404: ErrorOut})
def get_evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    """An evaluation with its result once done: estimates, event study, pre-trend test,
    Bacon weights, and the summary in Chinese and English."""
    return present.evaluation(queries.evaluation(actor_of(request), evaluation_id), result=True)


@router.post(
    "/policy-evaluations/{evaluation_id}/rerun", response={202: EvaluationOut, **ERRORS}, **WRITE
)
def rerun_evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    """Queue a failed evaluation again."""
    row = evaluations.rerun_evaluation(actor=actor_of(request), evaluation_id=evaluation_id)
    return Status(202, present.evaluation(row))


def _file(body: bytes, fmt: str, name: str) -> HttpResponse:
    kind = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@router.get("/policy-evaluations/{evaluation_id}/report", response=FILES)
def evaluation_report(
    request: HttpRequest, evaluation_id: int, format: str = "pdf", lang: str = "zh"
) -> HttpResponse:
    """The evaluation report, ``format`` pdf or html, ``lang`` zh or en (409 until done)."""
    row = queries.evaluation(actor_of(request), evaluation_id)
    body = reports.evaluation_report(row, fmt=format, lang=lang)
    return _file(body, format, f"evaluation-{row.pk}-{lang}")


@router.get("/reports/annual", response=FILES)
def annual_report(
    request: HttpRequest, region: str, year: int, format: str = "pdf", lang: str = "zh"
) -> HttpResponse:
    """The annual regional innovation report of a province: index, synergy, balance and
    flows from the observatory, the region's policies and their measured effects."""
    body = reports.annual_report(actor_of(request), region=region, year=year, fmt=format, lang=lang)
    return _file(body, format, f"innovation-report-{region}-{year}-{lang}")
