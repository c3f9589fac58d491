"""Scenarios of the authorisation matrix: cross-border technology contracts of the market."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.core.access_cases import Cases, no_body, scenario
from tests.core.access_scenarios_money import deal

Request = tuple[dict[str, Any], Any]

scenario("GET /api/market/cross-border")(no_body)


def terms(**over: Any) -> dict[str, Any]:
    """Valid export terms in EUR (restricted category by default)."""
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    return {
        "direction": "export",
        "counterpart_name": "Musterfirma GmbH",
        "counterpart_country": "DE",
        "contract_category": "know_how_license",
        "technology_category": "083915X",
        "currency": "EUR",
        "amount_minor": 1_000_000,
        "rate_cny_per_unit": "7.8",
        "rate_date": day,
        "contract_no": "M-1",
        "signed_on": day,
        "valid_until": "2030-12-31",
        "payment_method": "lump_sum",
    } | over


def contract(c: Cases, state: str = "draft") -> Any:
    """A cross-border contract of a fresh agreed lab→firm deal, moved to ``state``."""
    from innofield.market import actions

    row = actions.file_cross_border(actor=c.w.labber, deal_id=deal(c, "agreed").pk, data=terms())
    if state == "under_review":
        row = actions.submit_cross_border(actor=c.w.labber, contract_id=row.pk)
    return row


@scenario("POST /api/market/cross-border")
def _file(c: Cases) -> Request:
    return {}, terms(deal=deal(c, "agreed").pk)


@scenario("GET /api/market/cross-border/{contract_id}")
def _get(c: Cases) -> Request:
    return {"contract_id": contract(c).pk}, None


@scenario("POST /api/market/cross-border/{contract_id}/submit")
def _submit(c: Cases) -> Request:
    return {"contract_id": contract(c).pk}, None


@scenario("POST /api/market/cross-border/{contract_id}/review")
def _review(c: Cases) -> Request:
    return {"contract_id": contract(c, "under_review").pk}, {
        "outcome": "approve",
        "licence_no": "JS-XK-1",
    }
