"""REST endpoints of the catalog: items and demands, with import and export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import NotFound, ValidationFailed

from . import actions, imports, queries, transfer
from .models import Demand, Item
from .schemas import (
    DemandInput,
    DemandOut,
    DemandPage,
    ImportOut,
    ImportQueuedOut,
    ItemInput,
    ItemOut,
    ItemPage,
    RetireIn,
)
from .validation import DemandPatch, ItemPatch

router = Router(tags=["catalog"])
AUTH = BearerAuth()


@router.get("/items", response=ItemPage)
def list_items(
    request: HttpRequest,
    page: Query[Page],
    kind: str | None = None,
    region: str | None = None,
    organization: str | None = None,
    text: str | None = None,
    status: Item.Status | None = None,
) -> dict[str, Any]:
    """Items filtered by kind, region code (with sub-regions), owner code and words in the text."""
    qs = queries.items(
        actor_of(request),
        kind=kind,
        region=region,
        organization=organization,
        text=text,
        status=status,
    )
    return paginate(qs, page.limit, page.offset)


@router.get("/items/export", response={200: None, 422: ErrorOut})
def export_items(
    request: HttpRequest,
    format: str = "csv",
    kind: str | None = None,
    region: str | None = None,
    organization: str | None = None,
) -> HttpResponse:
    """Items as CSV or JSON in the import format (at most 20,000 rows)."""
    qs = queries.items(actor_of(request), kind=kind, region=region, organization=organization)[
        :20000
    ]
    records = (transfer.item_record(i) for i in qs)
    if format == "json":
        return HttpResponse(transfer.write_json(records), content_type="application/json")
    if format != "csv":
        raise ValidationFailed.single("format", "must be csv or json")
    response = HttpResponse(
        transfer.write_csv(records, transfer.ITEM_COLUMNS), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="items.csv"'
    return response


@router.post("/items/import", response={200: ImportOut, 202: ImportQueuedOut, **ERRORS}, auth=AUTH)
def import_items(
    request: HttpRequest, file: File[UploadedFile], skip_bad: Form[bool] = False
) -> Any:
    """Import items from a CSV or JSON file; all or nothing unless ``skip_bad``.

    A file of more rows than ``INNOFIELD_IMPORT_BACKGROUND_ROWS`` is imported by a
    background job: 202 with the job's id (``GET /api/jobs/{id}`` shows its progress, then
    the report as its result, or the refused rows as its error).
    """
    started = imports.start_import(
        actor=actor_of(request),
        name=file.name or "upload",
        content=file.read(),
        target="items",
        skip_bad=skip_bad,
    )
    if started.job is None:
        return started.report
    job = started.job
    return Status(
        202,
        {"job": job.pk, "state": job.state, "rows": started.rows, "url": f"/api/jobs/{job.pk}"},
    )


@router.get("/items/{item_id}", response={200: ItemOut, 404: ErrorOut})
def get_item(request: HttpRequest, item_id: int) -> Item:
    """One item."""
    item = queries.items(actor_of(request)).filter(pk=item_id).first()
    if item is None:
        raise NotFound(f"no item with id {item_id}")
    return item


@router.post("/items", response={201: ItemOut, **ERRORS}, auth=AUTH)
def create_item(request: HttpRequest, payload: ItemInput) -> Status[Item]:
    """Create an item owned by one of your organizations."""
    return Status(
        201,
        actions.create_item(actor=actor_of(request), data=payload.model_dump(exclude_unset=True)),
    )


@router.patch("/items/{item_id}", response={200: ItemOut, **ERRORS}, auth=AUTH)
def update_item(request: HttpRequest, item_id: int, payload: ItemPatch) -> Item:  # type: ignore[valid-type]
    """Change some fields of an item."""
    data = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    return actions.update_item(actor=actor_of(request), item_id=item_id, data=data)


@router.post("/items/{item_id}/retire", response={200: ItemOut, **ERRORS}, auth=AUTH)
def retire_item(request: HttpRequest, item_id: int, payload: RetireIn) -> Item:
    """Withdraw an item from the catalog."""
    return actions.retire_item(actor=actor_of(request), item_id=item_id, reason=payload.reason)


@router.get("/demands", response=DemandPage)
def list_demands(
    request: HttpRequest,
    page: Query[Page],
    kind: str | None = None,
    region: str | None = None,
    organization: str | None = None,
    text: str | None = None,
    status: Demand.Status | None = None,
) -> dict[str, Any]:
    """Demands filtered by kind, region code, owner code and words in the text."""
    qs = queries.demands(
        actor_of(request),
        kind=kind,
        region=region,
        organization=organization,
        text=text,
        status=status,
    )
    return paginate(qs, page.limit, page.offset)


@router.get("/demands/{demand_id}", response={200: DemandOut, 404: ErrorOut})
def get_demand(request: HttpRequest, demand_id: int) -> Demand:
    """One demand."""
    demand = queries.demands(actor_of(request)).filter(pk=demand_id).first()
    if demand is None:
        raise NotFound(f"no demand with id {demand_id}")
    return demand


@router.post("/demands", response={201: DemandOut, **ERRORS}, auth=AUTH)
def create_demand(request: HttpRequest, payload: DemandInput) -> Status[Demand]:
    """Publish a demand for one of your organizations."""
    return Status(
        201,
        actions.create_demand(actor=actor_of(request), data=payload.model_dump(exclude_unset=True)),
    )


@router.patch("/demands/{demand_id}", response={200: DemandOut, **ERRORS}, auth=AUTH)
def update_demand(request: HttpRequest, demand_id: int, payload: DemandPatch) -> Demand:  # type: ignore[valid-type]
    """Change some fields of a demand."""
    data = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    return actions.update_demand(actor=actor_of(request), demand_id=demand_id, data=data)


@router.post("/demands/{demand_id}/retire", response={200: DemandOut, **ERRORS}, auth=AUTH)
def retire_demand(request: HttpRequest, demand_id: int, payload: RetireIn) -> Demand:
    """Withdraw a demand."""
    return actions.retire_demand(
        actor=actor_of(request), demand_id=demand_id, reason=payload.reason
    )
