"""The market through its REST API: the full story and the error bodies."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace
from typing import Any

from innofield.core.models import AuditLog
from innofield.ledger import queries as ledger

from .conftest import end_notice, fund


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def test_list_notice_auction_contract_registration_and_split_payment(
    market: SimpleNamespace, api: Any
) -> None:
    lab, firm, rival, broker = (
        api(market.labber),
        api(market.firmer),
        api(market.rivaler),
        api(market.brokerer),
    )
    # 0. the lab records in the catalog that the university co-owns the technology (35 %)
    _ok(
        lab.patch(
            f"/api/items/{market.item.pk}",
            {"details": {"co_owners": [{"organization": "UNI", "share": "0.35"}]}},
        )
    )
    # 1. the lab lists its technology, co-owned with the university, as an ascending auction
    #    preceded by a 15-day public notice
    listing = _ok(
        lab.post(
            "/api/market/listings",
            {
                "item": market.item.pk,
                "mode": "auction",
                "auction_kind": "ascending",
                "notice_days": 15,
                "start_fen": 100_000_00,
                "reserve_fen": 150_000_00,
                "increment_fen": 5_000_00,
                "broker": "TTC-JS",
                "contract_types": ["transfer"],
                "technology_field": "new energy",
                "owners": [
                    {"organization": "LAB", "share": "0.65"},
                    {"organization": "UNI", "share": "0.35"},
                ],
            },
        ),
        201,
    )
    lid = listing["id"]
    assert listing["state"] == "draft" and listing["allowed"] == ["publish", "withdraw"]
    assert _ok(api().get("/api/market/listings"))["count"] == 0  # drafts are not public
    listing = _ok(lab.post(f"/api/market/listings/{lid}/publish"))
    assert listing["state"] == "open" and listing["notice_ends_at"]
    # 2. public notice: an objection is recorded and dismissed by the broker
    objection = _ok(
        rival.post(
            f"/api/market/listings/{lid}/objections",
            {"reason": "prior art?", "organization": "RIVAL"},
        ),
        201,
    )
    _ok(
        broker.post(
            f"/api/market/objections/{objection['id']}/resolve",
            {"outcome": "dismiss", "resolution": "prior art predates nothing claimed"},
        )
    )
    # 3. the auction: two bidders
    _ok(lab.post(f"/api/market/listings/{lid}/open-bidding", {}))
    _ok(
        firm.post(f"/api/market/listings/{lid}/bids", {"bidder": "FIRM", "amount_fen": 100_000_00}),
        201,
    )
    low = rival.post(
        f"/api/market/listings/{lid}/bids", {"bidder": "RIVAL", "amount_fen": 101_000_00}
    )
    assert low.status_code == 422 and low.json()["errors"][0]["field"] == "amount_fen"
    _ok(
        rival.post(
            f"/api/market/listings/{lid}/bids", {"bidder": "RIVAL", "amount_fen": 120_000_00}
        ),
        201,
    )
    _ok(
        firm.post(f"/api/market/listings/{lid}/bids", {"bidder": "FIRM", "amount_fen": 160_000_00}),
        201,
    )
    assert [b["bidder"] for b in _ok(api().get(f"/api/market/listings/{lid}/bids"))] == [
        "FIRM",
        "RIVAL",
        "FIRM",
    ]
    listing = _ok(broker.post(f"/api/market/listings/{lid}/close-bidding", {}))
    assert listing["state"] == "awarded"
    deals = _ok(firm.get("/api/market/deals", role="buyer"))
    assert deals["count"] == 1 and _ok(rival.get("/api/market/deals"))["count"] == 0
    deal = deals["items"][0]
    did = deal["id"]
    assert (deal["state"], deal["price_fen"], deal["contract_type"]) == (
        "agreed",
        160_000_00,
        "transfer",
    )
    # 4. the contract cannot be signed during the notice period
    early = firm.post(f"/api/market/deals/{did}/sign", {})
    assert early.status_code == 409 and "public-notice period" in early.json()["detail"]
    end_notice(SimpleNamespace(pk=lid))
    deal = _ok(firm.post(f"/api/market/deals/{did}/sign", {}))
    assert deal["state"] == "agreed" and deal["buyer_signed_at"] and not deal["seller_signed_at"]
    deal = _ok(lab.post(f"/api/market/deals/{did}/sign", {}))
    assert deal["state"] == "signed" and deal["contract_no"]
    # 5. registration, and the data the registration office needs
    deal = _ok(broker.post(f"/api/market/deals/{did}/register", {}))
    assert deal["registration_no"].startswith("REG-")
    response = lab.get("/api/market/registrations.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert (row["seller_code"], row["buyer_code"], row["contract_type"], row["amount_yuan"]) == (
        "LAB",
        "FIRM",
        "transfer",
        "160000.00",
    )
    assert (row["seller_province"], row["buyer_province"], row["cross_region"]) == (
        "320000",
        "330000",
        "yes",
    )
    assert row["technology_field"] == "new energy" and row["co_owners"] == "LAB:0.65; UNI:0.35"
    flows = _ok(lab.get("/api/market/flows"))
    assert flows == [
        {
            "seller_province": "320000",
            "buyer_province": "330000",
            "contracts": 1,
            "amount_fen": 160_000_00,
        }
    ]
    # 6. a milestone is paid on the ledger and split between the two co-owners
    fund(market, market.firm, 200_000_00)
    ms = _ok(
        firm.post(
            f"/api/market/deals/{did}/milestones",
            {"title": "full payment", "amount_fen": 160_000_01 - 1},
        ),
        201,
    )
    _ok(lab.post(f"/api/market/milestones/{ms['id']}/fall_due", {}))
    ms = _ok(firm.post(f"/api/market/milestones/{ms['id']}/pay", {}))
    assert ms["state"] == "paid"
    assert ms["splits"] == [
        {"organization": "LAB", "share": "0.650000", "amount_fen": 104_000_00},
        {"organization": "UNI", "share": "0.350000", "amount_fen": 56_000_00},
    ]
    assert ledger.balance("ORG-LAB")["balance"] == 104_000_00
    assert ledger.balance("ORG-UNI")["balance"] == 56_000_00
    assert ledger.balance("ORG-FIRM")["balance"] == 40_000_00
    assert ledger.check_invariants() == []
    deal = _ok(lab.post(f"/api/market/deals/{did}/complete", {}))
    assert deal["state"] == "completed"
    assert _ok(api().get(f"/api/market/listings/{lid}"))["state"] == "closed"
    # 7. every step is on the record
    steps = [s["action"] for s in _ok(lab.get(f"/api/market/listings/{lid}/history"))]
    for action in (
        "market.listing.create",
        "market.listing.publish",
        "market.objection.raise",
        "market.objection.dismiss",
        "market.listing.open_bidding",
        "market.bid.place",
        "market.listing.close_bidding",
        "market.deal.win",
        "market.deal.sign",
        "market.deal.register",
        "market.milestone.plan",
        "market.milestone.pay",
        "market.deal.complete",
        "market.listing.close",
    ):
        assert action in steps, action
    assert AuditLog.objects.filter(action="ledger.transfer.create").count() >= 3


def test_error_bodies_name_fields_and_states(market: SimpleNamespace, api: Any) -> None:
    lab = api(market.labber)
    bad = lab.post(
        "/api/market/listings",
        {
            "item": market.item.pk,
            "owners": [
                {"organization": "LAB", "share": "0.5"},
                {"organization": "UNI", "share": "0.4"},
            ],
        },
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"field": "owners.share", "reason": "shares must sum to exactly 1, they sum to 0.9"}
    ]
    extra = lab.post("/api/market/listings", {"item": market.item.pk, "colour": "red"})
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "colour"
    lid = _ok(lab.post("/api/market/listings", {"item": market.item.pk}), 201)["id"]
    conflict = lab.post(f"/api/market/listings/{lid}/relist")
    assert conflict.status_code == 409
    assert conflict.json()["detail"] == (
        "cannot relist a listing in state 'draft'; "
        "allowed transitions from 'draft': publish, withdraw"
    )
    assert api(market.firmer).post(f"/api/market/listings/{lid}/publish").status_code == 403
    assert api().post(f"/api/market/listings/{lid}/publish").status_code == 401
    assert api(market.firmer).get(f"/api/market/listings/{lid}").status_code == 404
    assert lab.post("/api/market/deals/1/fly", {}).json()["errors"][0]["field"] == "transition"
    assert api().get("/api/market/listings", state="flying").status_code == 422


def test_sealed_bids_stay_hidden_until_the_close(market: SimpleNamespace, api: Any) -> None:
    lab, firm, rival = api(market.labber), api(market.firmer), api(market.rivaler)
    lid = _ok(
        lab.post(
            "/api/market/listings",
            {"item": market.item.pk, "mode": "auction", "auction_kind": "sealed"},
        ),
        201,
    )["id"]
    _ok(lab.post(f"/api/market/listings/{lid}/publish"))
    _ok(lab.post(f"/api/market/listings/{lid}/open-bidding", {}))
    _ok(firm.post(f"/api/market/listings/{lid}/bids", {"bidder": "FIRM", "amount_fen": 500}), 201)
    _ok(rival.post(f"/api/market/listings/{lid}/bids", {"bidder": "RIVAL", "amount_fen": 700}), 201)
    assert [b["bidder"] for b in _ok(firm.get(f"/api/market/listings/{lid}/bids"))] == ["FIRM"]
    assert _ok(lab.get(f"/api/market/listings/{lid}/bids")) == []
    _ok(lab.post(f"/api/market/listings/{lid}/close-bidding", {}))
    assert len(_ok(lab.get(f"/api/market/listings/{lid}/bids"))) == 2


def test_valuation_endpoints_return_assumptions_and_name_bad_fields(
    market: SimpleNamespace, api: Any
) -> None:
    client = api()
    income = _ok(
        client.post(
            "/api/market/valuation/income",
            {
                "revenues": [1_000_000, 1_200_000, 1_400_000],
                "royalty_rate": 0.05,
                "tax_rate": 0.25,
                "discount_rate": 0.12,
                "useful_life": 8,
                "terminal_growth": 0.02,
            },
        )
    )
    assert (
        income["value"] > 0
        and income["assumptions"]["useful_life"] == 8
        and len(income["working"]) == 8
    )
    cost = _ok(
        client.post(
            "/api/market/valuation/cost",
            {"reproduction_cost": 2_000_000, "remaining_life": 5, "total_life": 10},
        )
    )
    assert cost["value"] == 1_000_000.0 and cost["assumptions"]["functional_obsolescence"] == 0.5
    comps = _ok(
        client.post(
            "/api/market/valuation/comparables",
            {
                "subject_metric": 10,
                "comparables": [
                    {"price": 30, "metric": 10},
                    {"price": 40, "metric": 10},
                    {"price": 90, "metric": 10, "adjustments": {"size": -0.5}},
                ],
            },
        )
    )
    assert comps["value"] == 40.0 and comps["assumptions"]["statistic"] == "median"
    bad = client.post(
        "/api/market/valuation/income",
        {"revenues": [1], "royalty_rate": 2, "tax_rate": 0, "discount_rate": 0.1},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "royalty_rate"


def test_out_of_range_input_is_refused_not_crashed(market: SimpleNamespace, api: Any) -> None:
    lab = api(market.labber)
    huge = lab.post("/api/market/listings", {"item": market.item.pk, "asking_price_fen": 10**25})
    assert huge.status_code == 422 and huge.json()["errors"][0]["field"] == "asking_price_fen"
    lid = _ok(
        lab.post(
            "/api/market/listings", {"item": market.item.pk, "mode": "auction", "increment_fen": 1}
        ),
        201,
    )["id"]
    _ok(lab.post(f"/api/market/listings/{lid}/publish"))
    naive = _ok(
        lab.post(f"/api/market/listings/{lid}/open-bidding", {"ends_at": "2099-01-01T00:00:00"})
    )
    assert naive["state"] == "bidding" and naive["bidding_ends_at"].startswith("2099-01-01")
    bid = api(market.firmer).post(
        f"/api/market/listings/{lid}/bids", {"bidder": "FIRM", "amount_fen": 10**16}
    )
    assert bid.status_code == 422 and bid.json()["errors"][0]["field"] == "amount_fen"
    inf = lab.post(
        "/api/market/valuation/income",
        {
            "revenues": [1e308, 1e308],
            "royalty_rate": 0.5,
            "tax_rate": 0,
            "discount_rate": 0,
            "useful_life": 50,
            "terminal_growth": 0.5,
        },
    )
    assert inf.status_code == 422 and inf.json()["errors"][0]["field"] == "revenues"
    nan = lab.client.post(
        "/api/market/valuation/cost",
        data='{"reproduction_cost": NaN}',
        content_type="application/json",
    )
    assert nan.status_code == 422


def test_openapi_schema_documents_the_market(market: SimpleNamespace, api: Any) -> None:
    paths = _ok(api().get("/api/openapi.json"))["paths"]
    market_paths = {p for p in paths if p.startswith("/api/market/")}
    assert {
        "/api/market/listings",
        "/api/market/deals/{deal_id}/{transition}",
        "/api/market/valuation/income",
        "/api/market/registrations.csv",
    } <= market_paths
