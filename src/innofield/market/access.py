"""Who may call the technology market's API operations (see :mod:`innofield.core.access`).

Listings in the matrix are the lab's (the seller); the firm is the buyer, bidder or
objector. Objections are judged by the listing's broker or a platform admin only.
"""

from innofield.core.access import PUBLIC, SIGNED_IN, rule

from . import machine

SELLER = rule("member", "manager", "admin", owner="lab")
BUYER = rule("member", "manager", "admin", owner="firm")

ACCESS = {
    "GET /api/market/listings": PUBLIC,
    "POST /api/market/listings": rule(
        "manager", "admin", owner="lab", note="managers of the item's owner list it"
    ),
    "GET /api/market/listings/{listing_id}": PUBLIC,
    "GET /api/market/listings/{listing_id}/history": PUBLIC,
    "POST /api/market/listings/{listing_id}/publish": SELLER,
    "POST /api/market/listings/{listing_id}/withdraw": SELLER,
    "POST /api/market/listings/{listing_id}/relist": SELLER,
    "POST /api/market/listings/{listing_id}/open-bidding": SELLER,
    "POST /api/market/listings/{listing_id}/close-bidding": SELLER,
    "GET /api/market/listings/{listing_id}/bids": PUBLIC,
    "POST /api/market/listings/{listing_id}/bids": BUYER,
    "GET /api/market/listings/{listing_id}/objections": PUBLIC,
    "POST /api/market/listings/{listing_id}/objections": BUYER,
    "POST /api/market/objections/{objection_id}/resolve": rule(
        "admin", owner="lab", note="the seller may not judge"
    ),
    "POST /api/market/listings/{listing_id}/inquiries": BUYER,
    "GET /api/market/deals": PUBLIC,
    "GET /api/market/deals/{deal_id}": BUYER,
    "POST /api/market/deals/{deal_id}/milestones": BUYER,
    "POST /api/market/milestones/{milestone_id}/{transition}": SELLER,
    "GET /api/market/registrations.csv": PUBLIC,
    "POST /api/market/deals/{deal_id}/broker": SELLER,
    "GET /api/market/flows": PUBLIC,
    "POST /api/market/deals/{deal_id}/{transition}": SELLER,
    "GET /api/market/cross-border": SIGNED_IN,  # filtered: parties theirs, officers all
    "POST /api/market/cross-border": rule(
        "manager", "admin", owner="lab", note="a manager of a party of the deal files the terms"
    ),
    "GET /api/market/cross-border/{contract_id}": rule(
        "member", "manager", "admin", owner="lab", note="parties; government officers see all"
    ),
    "POST /api/market/cross-border/{contract_id}/submit": rule(
        "manager", "admin", owner="lab", note="a manager of a party of the deal"
    ),
    "POST /api/market/cross-border/{contract_id}/review": rule(
        "manager",
        "officer",
        "admin",
        owner="gov",
        note="officers and managers of a government body review referred exports",
    ),
    "POST /api/market/valuation/income": PUBLIC,
    "POST /api/market/valuation/cost": PUBLIC,
    "POST /api/market/valuation/comparables": PUBLIC,
}

#: The audit events this app's actions write: creations, every transition of its state
#: machines, bids, brokers, objections.
EVENTS = (
    "market.listing.create",
    *(f"market.listing.{t}" for t in machine.transitions("listing")),
    "market.deal.inquire",
    "market.deal.name_broker",
    *(f"market.deal.{t}" for t in machine.transitions("deal")),
    "market.milestone.plan",
    *(f"market.milestone.{t}" for t in machine.transitions("milestone")),
    "market.bid.place",
    "market.objection.raise",
    "market.objection.dismiss",
    "market.objection.uphold",
    *(f"market.cross_border.{t}" for t in machine.transitions("cross_border")),
)
