"""Valuation endpoints under ``/api/market/valuation/`` (no login needed: pure helpers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from innofield.core.api import ErrorOut
from innofield.core.errors import ValidationFailed

from . import valuation
from .schemas import ComparablesIn, CostIn, IncomeIn, ValuationOut

router = Router(tags=["market"])


def _value(fn: Any, data: dict[str, Any]) -> dict[str, Any]:
    try:
        result = fn(**data)
    except valuation.ValuationInputError as exc:
        raise ValidationFailed.single(exc.field, exc.reason) from None
    return dict(vars(result))


@router.post("/market/valuation/income", response={200: ValuationOut, 422: ErrorOut})
def value_income(request: HttpRequest, payload: IncomeIn) -> Any:
    """Income approach (relief from royalty), with its assumptions and working."""
    return _value(valuation.relief_from_royalty, payload.model_dump())


@router.post("/market/valuation/cost", response={200: ValuationOut, 422: ErrorOut})
def value_cost(request: HttpRequest, payload: CostIn) -> Any:
    """Cost approach (reproduction cost less obsolescence), with its assumptions."""
    return _value(valuation.cost_approach, payload.model_dump())


@router.post("/market/valuation/comparables", response={200: ValuationOut, 422: ErrorOut})
def value_comparables(request: HttpRequest, payload: ComparablesIn) -> Any:
    """Market approach (median adjusted multiple of comparable transactions)."""
    return _value(valuation.market_comparables, payload.model_dump())
