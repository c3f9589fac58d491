"""Demo records of the market: synthetic listings of real State Key Lab technologies,
some co-owned with the host institution, in every trade mode, with inquiries, auctions,
tenders, objections, signed and registered contracts and milestones paid on the ledger,
and four cross-border technology contracts (see :mod:`.xborder_demo`).

Everything goes through the actions (audited) as ``demo-admin``, deterministic from the
seed; notice periods of the contracted listings are back-dated so that their contracts
could be signed, and every listing and deal is marked synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from innofield.catalog import actions as catalog
from innofield.catalog.models import Item
from innofield.ledger.funding import fund_from_outside
from innofield.registry.models import Organization

from . import actions
from .models import ContractType, Deal, Listing
from .xborder_demo import load_cross_border

Progress = Callable[[str, int, int], None]
LISTINGS = 60
FIELDS = [
    "new energy",
    "advanced materials",
    "biomedicine",
    "information technology",
    "intelligent manufacturing",
    "environmental protection",
    "modern agriculture",
]


def _province_code(org: Organization) -> str:
    region = org.region
    while region.level not in ("province", "country") and region.parent is not None:
        region = region.parent
    return region.code


def _fund(admin: Any, org: Organization, amount: int, purpose: str) -> None:
    fund_from_outside(actor=admin, org=org, amount=amount, key=f"demo:fund:{purpose}")


def _backdate_notice(listing: Listing) -> None:
    past = timezone.now() - dt.timedelta(days=1)
    Listing.objects.filter(pk=listing.pk).update(
        notice_starts_at=past - dt.timedelta(days=listing.notice_days), notice_ends_at=past
    )


def _advance(admin: Any, deal: Deal, target: str, rng: random.Random) -> Deal:
    """Drive a deal from inquiry/agreed towards ``target`` through the actions."""

    def step(transition: str, **data: Any) -> Deal:
        """Fire one deal transition as the demo admin."""
        return actions.transition_deal(
            actor=admin, deal_id=deal.pk, transition=transition, data=data
        )

    order = ["negotiation", "agreed", "signed", "registered", "completed"]
    if deal.state == "inquiry" and target in order:
        deal = step("negotiate")
    if deal.state == "negotiation" and target in order[1:]:
        price = rng.randrange(20, 500) * 10_000_00
        deal = step("agree", contract_type=rng.choice(deal.listing.contract_types), price_fen=price)
    if deal.state == "agreed" and target in order[2:]:
        _backdate_notice(deal.listing)
        deal = step("sign")
    if deal.state == "signed" and target in order[3:]:
        deal = step("register", technology_field=deal.technology_field or rng.choice(FIELDS))
    if deal.state == "registered":
        price = deal.price_fen or 0
        first = price * rng.choice([3, 4, 5]) // 10
        for title, amount in (("on signing", first), ("on delivery", price - first)):
            ms = actions.plan_milestone(
                actor=admin, deal_id=deal.pk, title=title, amount_fen=amount
            )
            if target == "completed" or title == "on signing":
                actions.transition_milestone(actor=admin, milestone_id=ms.pk, transition="fall_due")
                _fund(admin, deal.buyer, amount, f"milestone:{ms.pk}")
                actions.transition_milestone(actor=admin, milestone_id=ms.pk, transition="pay")
        if target == "completed":
            deal = step("complete")
    return deal


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create synthetic market records; returns counts."""
    rng = random.Random(seed + 6)
    admin = get_user_model().objects.get(username="demo-admin")
    items = list(
        Item.objects.filter(kind="technology", status="active")
        .select_related("owner__region__parent", "owner__host")
        .order_by("id")[:5000]
    )
    chosen = sorted(rng.sample(items, min(LISTINGS, len(items))), key=lambda i: i.pk)
    firms = list(Organization.objects.filter(code__startswith="FIRM-").order_by("code"))
    brokers = {
        o.region.code: o
        for o in Organization.objects.filter(code__startswith="TTC-").select_related("region")
    }
    deals = 0
    for n, item in enumerate(chosen):
        mode = rng.choices(["agreement", "listing", "auction", "tender"], [40, 25, 25, 10])[0]
        if item.owner.host is not None and rng.random() < 0.5 and "co_owners" not in item.details:
            # the host co-owns the lab's result: recorded in the catalog, the listing follows
            co = [{"organization": item.owner.host.code, "share": "0.3"}]
            details = {**(item.details or {}), "co_owners": co}
            item = catalog.update_item(actor=admin, item_id=item.pk, data={"details": details})
        broker = brokers.get(_province_code(item.owner))
        data: dict[str, Any] = {
            "item": item.pk,
            "mode": mode,
            "broker": broker.code if broker else None,
            "contract_types": rng.sample(ContractType.values, 2),
            "technology_field": rng.choice(FIELDS),
            "synthetic": True,
            "description": f"Synthetic demo listing of: {item.title}",
        }
        if mode == "listing":
            data |= {"asking_price_fen": rng.randrange(10, 200) * 10_000_00, "notice_days": 15}
        if mode == "auction":
            start = rng.randrange(10, 100) * 10_000_00
            data |= {
                "auction_kind": rng.choice(["ascending", "sealed"]),
                "start_fen": start,
                "reserve_fen": start * 3 // 2,
                "increment_fen": 1_000_00,
                "notice_days": 10,
            }
        listing = actions.create_listing(actor=admin, data=data)
        if n % 10 == 9:
            continue  # stays a draft
        listing = actions.publish_listing(actor=admin, listing_id=listing.pk)
        buyers = rng.sample(firms, 3)
        if mode in ("agreement", "listing"):
            if mode == "listing" and n % 4 == 0:
                actions.raise_objection(
                    actor=admin,
                    listing_id=listing.pk,
                    reason="Synthetic objection: ownership of a related patent is disputed.",
                )
            inquiries = [
                actions.make_inquiry(
                    actor=admin,
                    listing_id=listing.pk,
                    buyer_code=buyer.code,
                    message="Synthetic inquiry: interested in licensing terms.",
                )
                for buyer in buyers[: rng.randint(0, 2)]
            ]
            deals += len(inquiries)
            if inquiries:
                deal = inquiries[0]
                objected = mode == "listing" and n % 4 == 0  # an open objection blocks signing
                stages = ["inquiry", "negotiation", "agreed", "signed", "registered", "completed"]
                target = rng.choice(stages[:3] if objected else stages)
                if mode == "listing" and target not in ("inquiry", "negotiation"):
                    price = max(listing.asking_price_fen or 0, 1) + rng.randrange(0, 50) * 10_000_00
                    deal = actions.transition_deal(
                        actor=admin, deal_id=deal.pk, transition="negotiate"
                    )
                    deal = actions.transition_deal(
                        actor=admin,
                        deal_id=deal.pk,
                        transition="agree",
                        data={"contract_type": listing.contract_types[0], "price_fen": price},
                    )
                _advance(admin, deal, target, rng)
        else:
            _backdate_notice(listing)
            actions.open_bidding(actor=admin, listing_id=listing.pk)
            floor = listing.start_fen or 1_000_00
            for k, buyer in enumerate(buyers):
                # whole thousands of yuan (a multiple of the increment), up to about twice the start
                amount = floor + rng.randrange(0, 11) * floor // 10 // 1_000_00 * 1_000_00
                if listing.auction_kind == "ascending":  # each bid raises by ~30 % of the start
                    amount = floor + k * (floor * 3 // 10) // 1_000_00 * 1_000_00
                actions.place_bid(
                    actor=admin,
                    listing_id=listing.pk,
                    bidder_code=buyer.code,
                    amount_fen=amount,
                    proposal="Synthetic proposal.",
                )
            if n % 3:
                bids = list(listing.bids.order_by("id"))
                actions.close_bidding(
                    actor=admin,
                    listing_id=listing.pk,
                    winner_bid_id=bids[-1].pk if mode == "tender" else None,
                    reason="Synthetic award: best plan." if mode == "tender" else "",
                )
                won = Deal.objects.filter(listing=listing).first()
                if won is not None:
                    deals += 1
                    _advance(
                        admin, won, rng.choice(["agreed", "signed", "registered", "completed"]), rng
                    )
        if progress:
            progress("market listings", n + 1, len(chosen))
    cross_border = load_cross_border(admin, chosen, firms)
    Deal.objects.update(synthetic=True)
    return {
        "market_listings": Listing.objects.count(),
        "market_deals": deals + cross_border,
        "market_cross_border_contracts": cross_border,
    }
