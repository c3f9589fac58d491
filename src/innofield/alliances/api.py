"""REST endpoints of governed data sharing: usage policies, tables, agreements, and the
three ways data leaves the platform (download, rows, aggregate), each enforced."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import ValidationFailed
from innofield.registry.models import Organization

from . import actions, present, queries, release
from .schemas import (
    AggregateIn,
    AggregateOut,
    AgreementIn,
    AgreementOut,
    DataPolicyIn,
    DataPolicyOut,
    DecisionIn,
    RowsOut,
    TableIn,
    TableOut,
)

router = Router(tags=["data sharing"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}


@router.get("/datasets/{dataset_id}/policy", response={200: DataPolicyOut, 404: ErrorOut})
def get_policy(request: HttpRequest, dataset_id: int) -> Any:
    """A dataset's usage policy."""
    return present.policy(queries.dataset_policy(actor_of(request), dataset_id))


@router.put("/datasets/{dataset_id}/policy", response={200: DataPolicyOut, **ERRORS}, **WRITE)
def set_policy(request: HttpRequest, dataset_id: int, payload: DataPolicyIn) -> Any:
    """Set a dataset's usage policy (its holder)."""
    data = payload.model_dump(exclude_none=True)
    return present.policy(
        actions.set_policy(actor=actor_of(request), dataset_id=dataset_id, data=data)
    )


@router.put("/datasets/{dataset_id}/table", response={200: TableOut, **ERRORS}, **WRITE)
def load_table(request: HttpRequest, dataset_id: int, payload: TableIn) -> Any:
    """Replace the dataset's content with CSV text (its holder)."""
    table = actions.load_table(actor=actor_of(request), dataset_id=dataset_id, csv_text=payload.csv)
    return {"dataset": dataset_id, "columns": table.columns, "rows": len(table.rows)}


@router.get("/datasets/{dataset_id}/download", response={200: None, **ERRORS})
def download(request: HttpRequest, dataset_id: int) -> HttpResponse:
    """The dataset as CSV, if its policy and your agreement allow; logged for the holder."""
    text = release.download(actor_of(request), dataset_id)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dataset-{dataset_id}.csv"'
    return response


@router.get("/datasets/{dataset_id}/rows", response={200: RowsOut, **ERRORS})
def rows(request: HttpRequest, dataset_id: int, page: Query[Page]) -> Any:
    """One page of rows (withheld columns removed), if allowed; logged."""
    return release.rows(actor_of(request), dataset_id, page.limit, page.offset)


@router.post("/datasets/{dataset_id}/aggregate", response={200: AggregateOut, **ERRORS})
def aggregate(request: HttpRequest, dataset_id: int, payload: AggregateIn) -> Any:
    """Group statistics only ("compute to data"); groups below the minimum cell size are
    suppressed. Logged."""
    return release.aggregate(
        actor_of(request), dataset_id, payload.group_by, payload.stat, payload.measure
    )


@router.post("/datasets/{dataset_id}/agreements", response={201: AgreementOut, **ERRORS}, **WRITE)
def request_access(request: HttpRequest, dataset_id: int, payload: AgreementIn) -> Any:
    """Ask the holder for access on behalf of your organisation."""
    org = Organization.objects.filter(code=payload.organization).first()
    if org is None:
        raise ValidationFailed.single("organization", f"no organization {payload.organization!r}")
    row = actions.request_access(
        actor=actor_of(request),
        dataset_id=dataset_id,
        organization=org,
        purpose=payload.purpose,
        days=payload.days,
    )
    return Status(201, present.agreement(row))


@router.get("/data-agreements", response={200: list[AgreementOut], 401: ErrorOut}, **WRITE)
def list_agreements(request: HttpRequest, page: Query[Page]) -> Any:
    """Agreements on your datasets and those your organisations asked for."""
    found = paginate(queries.agreements(actor_of(request)), page.limit, page.offset)
    return [present.agreement(a) for a in found["items"]]


@router.post(
    "/data-agreements/{agreement_id}/{transition}", response={200: AgreementOut, **ERRORS}, **WRITE
)
def decide(request: HttpRequest, agreement_id: int, transition: str, payload: DecisionIn) -> Any:
    """``agree``, ``reject``, ``revoke`` (the holder); ``withdraw``, ``terminate`` (the
    requester)."""
    row = actions.decide(
        actor=actor_of(request), agreement_id=agreement_id, transition=transition, note=payload.note
    )
    return present.agreement(row)
