"""Plain-dict views of market records for the API and the pages."""

from __future__ import annotations

from typing import Any

from innofield.core.models import AuditLog

from . import machine
from .models import Bid, Deal, Listing, Milestone, Objection


def listing(obj: Listing) -> dict[str, Any]:
    """A listing with its co-owners and the transitions its state allows."""
    owners = [
        {
            "organization": o.organization.code,
            "name": o.organization.name,
            "share": str(o.share.normalize()),
        }
        for o in obj.owners.select_related("organization").order_by("position")
    ]
    return {
        "id": obj.pk,
        "item": obj.item_id,
        "title": obj.title,
        "description": obj.description,
        "mode": obj.mode,
        "state": obj.state,
        "allowed": list(machine.allowed("listing", obj.state)),
        "seller": obj.seller.code,
        "broker": obj.broker.code if obj.broker else None,
        "owners": owners,
        "contract_types": obj.contract_types,
        "asking_price_fen": obj.asking_price_fen,
        "technology_field": obj.technology_field,
        "notice_days": obj.notice_days,
        "notice_ends_at": obj.notice_ends_at,
        "auction_kind": obj.auction_kind,
        "start_fen": obj.start_fen,
        "reserve_fen": obj.reserve_fen,
        "increment_fen": obj.increment_fen,
        "bidding_ends_at": obj.bidding_ends_at,
        "created": obj.created,
    }


def milestone(obj: Milestone) -> dict[str, Any]:
    """A milestone."""
    return {
        "id": obj.pk,
        "deal": obj.deal_id,
        "seq": obj.seq,
        "title": obj.title,
        "amount_fen": obj.amount_fen,
        "due_on": obj.due_on,
        "state": obj.state,
        "paid_at": obj.paid_at,
        "payment_key": obj.payment_key,
        "splits": obj.splits,
    }


def deal(obj: Deal) -> dict[str, Any]:
    """A deal with its milestones and the transitions its state allows."""
    return {
        "id": obj.pk,
        "listing": obj.listing_id,
        "seller": obj.listing.seller.code,
        "buyer": obj.buyer.code,
        "broker": obj.broker.code if obj.broker else None,
        "state": obj.state,
        "allowed": list(machine.allowed("deal", obj.state)),
        "message": obj.message,
        "contract_type": obj.contract_type,
        "price_fen": obj.price_fen,
        "terms": obj.terms,
        "contract_no": obj.contract_no,
        "seller_signed_at": obj.seller_signed_at,
        "buyer_signed_at": obj.buyer_signed_at,
        "signed_at": obj.signed_at,
        "technology_field": obj.technology_field,
        "registration_no": obj.registration_no,
        "registered_at": obj.registered_at,
        "milestones": [milestone(m) for m in obj.milestones.order_by("seq")],
    }


def bid(obj: Bid) -> dict[str, Any]:
    """A bid."""
    return {
        "id": obj.pk,
        "listing": obj.listing_id,
        "bidder": obj.bidder.code,
        "amount_fen": obj.amount_fen,
        "proposal": obj.proposal,
        "placed_at": obj.placed_at,
    }


def objection(obj: Objection) -> dict[str, Any]:
    """An objection."""
    return {
        "id": obj.pk,
        "listing": obj.listing_id,
        "organization": obj.organization.code if obj.organization else None,
        "reason": obj.reason,
        "state": obj.state,
        "resolution": obj.resolution,
        "created": obj.created,
    }


def step(row: AuditLog, *, show_actor: bool = True) -> dict[str, Any]:
    """One audited step of a listing's history; without the username unless ``show_actor``."""
    return {
        "at": row.at,
        "actor": (row.actor_name or "system") if show_actor else "—",
        "action": row.action,
        "object": f"{row.object_type.split('.')[-1]} {row.object_id}",
        "changes": row.changes,
    }
