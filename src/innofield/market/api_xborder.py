"""Cross-border technology contracts under ``/api/market/cross-border``: file the terms of
a deal, submit them for registration, and (government officers) review referred exports."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictInt, StringConstraints

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.countries import country_name
from innofield.core.schemas import Memo

from . import actions, crossborder, machine, xborder_queries
from .models import CrossBorderContract
from .schemas import _In

router = Router(tags=["market"])
AUTH = BearerAuth()
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class CrossBorderIn(_In):
    """The cross-border terms of a deal. ``rate_cny_per_unit`` is text (kept exactly):
    CNY per one major unit of ``currency``; ``amount_minor`` in the currency's minor units."""

    deal: StrictInt
    direction: Short
    counterpart_name: Short
    counterpart_country: Short
    contract_category: Short
    technology_category: Short
    currency: Short
    amount_minor: Annotated[StrictInt, Field(gt=0, le=10**18)]
    rate_cny_per_unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
    rate_date: dt.date
    contract_no: Short
    signed_on: dt.date
    valid_until: dt.date
    payment_method: Short


class ReviewIn(_In):
    """An officer's decision on a referred export: approve (licence number) or refuse (reason)."""

    outcome: Short
    licence_no: Short = ""
    reason: Memo = ""


class CrossBorderOut(Schema):
    """A cross-border technology contract with its conversion and registration."""

    id: int
    deal: int
    seller: str
    buyer: str
    direction: str
    counterpart_name: str
    counterpart_country: str
    counterpart_country_name: str
    contract_category: str
    technology_category: str
    export_check: str
    currency: str
    amount_minor: int
    amount: str
    rate_cny_per_unit: str
    rate_date: dt.date
    amount_cny_fen: int
    contract_no: str
    signed_on: dt.date
    valid_until: dt.date
    payment_method: str
    state: str
    allowed: list[str]
    registration_no: str
    registered_at: dt.datetime | None
    licence_no: str
    refusal_reason: str
    synthetic: bool


class CrossBorderPage(Schema):
    """A page of cross-border contracts."""

    count: int
    items: list[CrossBorderOut]


def present(row: CrossBorderContract) -> dict[str, Any]:
    """The contract as the API shows it."""
    return {
        "id": row.pk,
        "deal": row.deal_id,
        "seller": row.deal.listing.seller.code,
        "buyer": row.deal.buyer.code,
        "direction": row.direction,
        "counterpart_name": row.counterpart_name,
        "counterpart_country": row.counterpart_country,
        "counterpart_country_name": country_name(row.counterpart_country),
        "contract_category": row.contract_category,
        "technology_category": row.technology_category,
        "export_check": row.export_check,
        "currency": row.currency,
        "amount_minor": row.amount_minor,
        "amount": crossborder.format_amount(row.amount_minor, row.currency),
        "rate_cny_per_unit": row.rate_text,
        "rate_date": row.rate_date,
        "amount_cny_fen": row.amount_cny_fen,
        "contract_no": row.contract_no,
        "signed_on": row.signed_on,
        "valid_until": row.valid_until,
        "payment_method": row.payment_method,
        "state": row.state,
        "allowed": list(machine.allowed("cross_border", row.state)),
        "registration_no": row.registration_no,
        "registered_at": row.registered_at,
        "licence_no": row.licence_no,
        "refusal_reason": row.refusal_reason,
        "synthetic": row.synthetic,
    }


@router.get("/market/cross-border", response={200: CrossBorderPage, **ERRORS}, auth=AUTH)
def list_cross_border(
    request: HttpRequest,
    page: Query[Page],
    state: str | None = None,
    direction: str | None = None,
) -> Any:
    """Cross-border contracts you may see: your deals' (parties), all (government officers)."""
    qs = xborder_queries.contracts(actor_of(request), state=state, direction=direction)
    result = paginate(qs, page.limit, page.offset)
    return {"count": result["count"], "items": [present(r) for r in result["items"]]}


@router.post("/market/cross-border", response={201: CrossBorderOut, **ERRORS}, auth=AUTH)
def file_cross_border(request: HttpRequest, payload: CrossBorderIn) -> Any:
    """File (or re-file while a draft) the cross-border terms of an agreed or signed deal;
    the converted CNY amount becomes the deal's price."""
    data = payload.model_dump()
    deal_id = data.pop("deal")
    row = actions.file_cross_border(actor=actor_of(request), deal_id=deal_id, data=data)
    return Status(201, present(row))


@router.get(
    "/market/cross-border/{contract_id}", response={200: CrossBorderOut, 404: ErrorOut}, auth=AUTH
)
def get_cross_border(request: HttpRequest, contract_id: int) -> Any:
    """One cross-border contract."""
    return present(xborder_queries.contract(actor_of(request), contract_id))


@router.post(
    "/market/cross-border/{contract_id}/submit",
    response={200: CrossBorderOut, **ERRORS},
    auth=AUTH,
)
def submit_cross_border(request: HttpRequest, contract_id: int) -> Any:
    """Submit a draft: registered, referred to review (restricted export) or refused
    (prohibited export, the category named in ``refusal_reason``)."""
    return present(actions.submit_cross_border(actor=actor_of(request), contract_id=contract_id))


@router.post(
    "/market/cross-border/{contract_id}/review",
    response={200: CrossBorderOut, **ERRORS},
    auth=AUTH,
)
def review_cross_border(request: HttpRequest, contract_id: int, payload: ReviewIn) -> Any:
    """Approve (with the export licence number) or refuse (with a reason) a referred export."""
    row = actions.review_cross_border(
        actor=actor_of(request),
        contract_id=contract_id,
        outcome=payload.outcome,
        licence_no=payload.licence_no,
        reason=payload.reason,
    )
    return present(row)
