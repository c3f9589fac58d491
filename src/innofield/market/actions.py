"""Every state change of the technology market, in one place.

The functions live in :mod:`.listing_actions` (listings, bidding, award),
:mod:`.objection_actions` (public-notice objections), :mod:`.deal_actions`
(inquiries, negotiation, contracts, registration, brokers) and
:mod:`.milestone_actions` (milestones and payments), :mod:`.xborder_actions`
(cross-border technology import/export contracts); views, API, CLI and tests
call them through this module.
"""

from __future__ import annotations

from .deal_actions import make_inquiry, name_broker, transition_deal
from .listing_actions import (
    close_bidding,
    create_listing,
    open_bidding,
    place_bid,
    publish_listing,
    relist,
    withdraw_listing,
)
from .milestone_actions import plan_milestone, transition_milestone
from .objection_actions import raise_objection, resolve_objection
from .xborder_actions import file_cross_border, review_cross_border, submit_cross_border

__all__ = [
    "close_bidding",
    "create_listing",
    "file_cross_border",
    "make_inquiry",
    "name_broker",
    "open_bidding",
    "place_bid",
    "plan_milestone",
    "publish_listing",
    "raise_objection",
    "relist",
    "resolve_objection",
    "review_cross_border",
    "submit_cross_border",
    "transition_deal",
    "transition_milestone",
    "withdraw_listing",
]
