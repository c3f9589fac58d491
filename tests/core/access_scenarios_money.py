"""Scenarios of the authorisation matrix: the technology market, vouchers, joint credit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario(
    "GET /api/market/listings",
    "GET /api/market/deals",
    "GET /api/market/registrations.csv",
    "GET /api/market/flows",
    "GET /api/voucher-programmes",
    "GET /api/voucher-grants",
    "GET /api/voucher-redemptions",
    "GET /api/voucher-settlements",
    "GET /api/credit-lines",
    "POST /api/voucher-settlements",
)(no_body)


def listing(c: Cases, state: str = "open", mode: str = "agreement", **data: Any) -> Any:
    """A listing of a lab technology, moved to ``state``."""
    from innofield.market import actions

    body = {"item": c.item().pk, "mode": mode, **data}
    if mode == "auction":
        body |= {"auction_kind": "ascending", "start_fen": 100_000, "increment_fen": 10_000}
    row = actions.create_listing(actor=c.w.labber, data=body)
    if state == "draft":
        return row
    row = actions.publish_listing(actor=c.w.labber, listing_id=row.pk)
    if state == "bidding":
        row = actions.open_bidding(
            actor=c.w.labber, listing_id=row.pk, ends_at=timezone.now() + dt.timedelta(days=3)
        )
    return row


def deal(c: Cases, state: str = "inquiry") -> Any:
    """A deal of the firm on a lab listing, moved to ``state``."""
    from innofield.market import actions

    row = actions.make_inquiry(
        actor=c.w.firmer, listing_id=listing(c).pk, buyer_code="FIRM", message="interested"
    )
    if state in ("negotiation", "agreed"):
        row = actions.transition_deal(actor=c.w.labber, deal_id=row.pk, transition="negotiate")
    if state == "agreed":
        row = actions.transition_deal(
            actor=c.w.labber,
            deal_id=row.pk,
            transition="agree",
            data={"contract_type": "license", "price_fen": 1_000_000},
        )
    return row


@scenario("POST /api/market/listings")
def _create_listing(c: Cases) -> Request:
    return {}, {"item": c.item().pk, "mode": "agreement"}


@scenario(
    "GET /api/market/listings/{listing_id}",
    "GET /api/market/listings/{listing_id}/history",
    "GET /api/market/listings/{listing_id}/objections",
    "POST /api/market/listings/{listing_id}/withdraw",
)
def _listing(c: Cases) -> Request:
    return {"listing_id": listing(c).pk}, {"reason": "changed our mind"}


@scenario("POST /api/market/listings/{listing_id}/publish")
def _publish(c: Cases) -> Request:
    return {"listing_id": listing(c, "draft").pk}, None


@scenario("POST /api/market/listings/{listing_id}/relist")
def _relist(c: Cases) -> Request:
    from innofield.market.models import Listing

    row = listing(c)
    Listing.objects.filter(pk=row.pk).update(state="unsold")
    return {"listing_id": row.pk}, None


@scenario("POST /api/market/listings/{listing_id}/open-bidding")
def _open_bidding(c: Cases) -> Request:
    ends = (timezone.now() + dt.timedelta(days=2)).isoformat()
    return {"listing_id": listing(c, mode="auction").pk}, {"ends_at": ends}


@scenario(
    "POST /api/market/listings/{listing_id}/close-bidding",
    "GET /api/market/listings/{listing_id}/bids",
)
def _bidding(c: Cases) -> Request:
    return {"listing_id": listing(c, "bidding", mode="auction").pk}, {"reason": "closing"}


@scenario("POST /api/market/listings/{listing_id}/bids")
def _bid(c: Cases) -> Request:
    row = listing(c, "bidding", mode="auction")
    return {"listing_id": row.pk}, {"bidder": "FIRM", "amount_fen": 100_000}


@scenario("POST /api/market/listings/{listing_id}/objections")
def _objection(c: Cases) -> Request:
    return {"listing_id": listing(c, notice_days=15).pk}, {
        "reason": "we own part of it",
        "organization": "FIRM",
    }


@scenario("POST /api/market/objections/{objection_id}/resolve")
def _resolve(c: Cases) -> Request:
    from innofield.market import actions

    row = listing(c, notice_days=15)
    objection = actions.raise_objection(
        actor=c.w.firmer, listing_id=row.pk, reason="prior art", organization_code="FIRM"
    )
    return {"objection_id": objection.pk}, {"outcome": "dismiss", "resolution": "no evidence"}


@scenario("POST /api/market/listings/{listing_id}/inquiries")
def _inquiry(c: Cases) -> Request:
    return {"listing_id": listing(c).pk}, {"buyer": "FIRM", "message": "terms?"}


@scenario("GET /api/market/deals/{deal_id}")
def _deal(c: Cases) -> Request:
    return {"deal_id": deal(c).pk}, None


@scenario("POST /api/market/deals/{deal_id}/{transition}")
def _negotiate(c: Cases) -> Request:
    return {"deal_id": deal(c).pk, "transition": "negotiate"}, {"note": "let us talk"}


@scenario("POST /api/market/deals/{deal_id}/broker")
def _broker(c: Cases) -> Request:
    return {"deal_id": deal(c).pk}, {"broker": None}


@scenario("POST /api/market/deals/{deal_id}/milestones")
def _milestone(c: Cases) -> Request:
    return {"deal_id": deal(c, "agreed").pk}, {"title": "first payment", "amount_fen": 100_000}


@scenario("POST /api/market/milestones/{milestone_id}/{transition}")
def _fall_due(c: Cases) -> Request:
    from innofield.market import actions

    row = deal(c, "agreed")
    ms = actions.plan_milestone(actor=c.w.firmer, deal_id=row.pk, title="first", amount_fen=100_000)
    return {"milestone_id": ms.pk, "transition": "fall_due"}, {"reason": ""}


@scenario("POST /api/market/valuation/income")
def _income(c: Cases) -> Request:
    return {}, {
        "revenues": [1_000_000, 1_200_000],
        "royalty_rate": 0.05,
        "tax_rate": 0.25,
        "discount_rate": 0.1,
    }


@scenario("POST /api/market/valuation/cost")
def _cost(c: Cases) -> Request:
    return {}, {"reproduction_cost": 500_000}


@scenario("POST /api/market/valuation/comparables")
def _comparables(c: Cases) -> Request:
    deals = [
        {"price": 100.0, "metric": 5.0},
        {"price": 300.0, "metric": 12.0},
        {"price": 200.0, "metric": 9.0},
    ]
    return {}, {"subject_metric": 10.0, "comparables": deals}


@scenario("POST /api/voucher-programmes")
def _programme(c: Cases) -> Request:
    from innofield.ledger import actions as ledger

    c.programme()  # opens the region accounts
    ledger.transfer(
        actor=c.w.admin,
        key=f"mx-top-{c.n()}",
        debit="EXT-TREASURY",
        credit="BUDGET-320000",
        amount=1_000_000,
    )
    today = timezone.localdate()
    return {}, {
        "code": f"MXP-{c.n()}",
        "name": "vouchers",
        "issuer_region": "320000",
        "officer_org": "GOV-JS",
        "budget": 1_000_000,
        "co_funding_bp": 5000,
        "cap_per_firm_year": 500_000,
        "valid_from": today.isoformat(),
        "valid_to": (today + dt.timedelta(days=200)).isoformat(),
    }


@scenario("GET /api/voucher-programmes/{code}", "POST /api/voucher-programmes/{code}/expire")
def _a_programme(c: Cases) -> Request:
    return {"code": c.programme().code}, None


@scenario("POST /api/voucher-programmes/{code}/grants")
def _grant(c: Cases) -> Request:
    return {"code": c.programme().code}, {"key": f"mx-g-{c.n()}", "firm": "FIRM", "amount": 100_000}


@scenario("POST /api/voucher-grants/{grant_id}/redeem")
def _redeem(c: Cases) -> Request:
    grant = c.grant()
    booking = c.booking("completed")
    return {"grant_id": grant.pk}, {
        "key": f"mx-r-{c.n()}",
        "provider": "LAB",
        "price": booking.charge_fen,
        "service_kind": "instrument",
        "evidence": f"booking:{booking.pk}",
        "mode": "reimburse",
    }


@scenario("POST /api/voucher-redemptions/{redemption_id}/clawback")
def _clawback(c: Cases) -> Request:
    return {"redemption_id": c.redemption().pk}, {"reason": "evidence was forged"}


@scenario("POST /api/credit-lines")
def _credit_line(c: Cases) -> Request:
    return {}, {
        "code": f"CL-{c.n()}",
        "firm": "FIRM",
        "lead_bank": "BANK",
        "limit": 1_000_000,
        "shares": {"BANK": 10_000},
    }


@scenario("POST /api/credit-lines/{line_id}/draw")
def _draw(c: Cases) -> Request:
    from innofield.vouchers import actions

    c.account(c.orgs["bank"], funded=10_000_000)
    line = actions.open_credit_line(
        actor=c.w.admin,
        code=f"CLD-{c.n()}",
        firm=c.w.firm,
        lead_bank=c.orgs["bank"],
        limit=1_000_000,
        shares={"BANK": 10_000},
        min_score=0,
    )
    return {"line_id": line.pk}, {"key": f"mx-draw-{c.n()}", "amount": 100_000}
