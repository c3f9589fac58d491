"""Every state change of the technology market, in one place.

The functions live in :mod:`.listing_actions` (listings, objections, bids,
award) and :mod:`.deal_actions` (inquiries, negotiation, contracts,
registration, milestones and payments); views, API, CLI and tests call them
through this module.
"""

from __future__ import annotations

from .deal_actions import make_inquiry, plan_milestone, transition_deal, transition_milestone
from .listing_actions import (
    close_bidding,
    create_listing,
    open_bidding,
    place_bid,
    publish_listing,
    raise_objection,
    relist,
    resolve_objection,
    withdraw_listing,
)

__all__ = [
    "close_bidding",
    "create_listing",
    "make_inquiry",
    "open_bidding",
    "place_bid",
    "plan_milestone",
    "publish_listing",
    "raise_objection",
    "relist",
    "resolve_objection",
    "transition_deal",
    "transition_milestone",
    "withdraw_listing",
]
