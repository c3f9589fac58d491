"""API schemas of the market. Amounts are whole fen; shares are decimal strings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from innofield.core.schemas import Code, Count, Fen, PositiveFen, WriteSchema


class _In(WriteSchema):
    """Base of the market's request bodies: unknown fields and NUL refused, no NaN/inf."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class OwnerIn(_In):
    """A co-owner and its revenue share, e.g. ``{"organization": "LAB", "share": "0.6"}``."""

    organization: Code
    share: str = Field(max_length=20, description="decimal string; all shares must sum to 1")


class ListingIn(_In):
    """A new listing of a catalog technology item."""

    item: int
    mode: Code = "agreement"
    title: str | None = Field(default=None, max_length=300)
    description: str = Field(default="", max_length=20_000)
    owners: list[OwnerIn] = Field(default_factory=list, max_length=20)
    broker: Code | None = None
    contract_types: list[Code] = Field(default_factory=list, max_length=6)
    asking_price_fen: Fen | None = None
    technology_field: str = Field(default="", max_length=100)
    notice_days: Count | None = None
    auction_kind: Code | None = None
    start_fen: Fen | None = None
    reserve_fen: Fen | None = None
    increment_fen: Fen | None = None


class OwnerOut(Schema):
    """A co-owner."""

    organization: str
    name: str
    share: str


class ListingOut(Schema):
    """A listing with its co-owners."""

    id: int
    item: int
    title: str
    description: str
    mode: str
    state: str
    allowed: list[str]
    seller: str
    broker: str | None
    owners: list[OwnerOut]
    contract_types: list[str]
    asking_price_fen: int | None
    technology_field: str
    notice_days: int
    notice_ends_at: dt.datetime | None
    auction_kind: str
    start_fen: int
    reserve_fen: int
    increment_fen: int
    bidding_ends_at: dt.datetime | None
    created: dt.datetime


class ListingPage(Schema):
    """A page of listings."""

    count: int
    items: list[ListingOut]


class ReasonIn(_In):
    """A free-text reason."""

    reason: str = Field(default="", max_length=2000)


class OpenBiddingIn(_In):
    """When bidding ends (optional)."""

    ends_at: dt.datetime | None = None


class CloseBiddingIn(_In):
    """For a tender: the bid to award and why."""

    winner_bid_id: int | None = None
    reason: str = Field(default="", max_length=2000)


class ObjectionIn(_In):
    """An objection to a listing in public notice."""

    reason: str = Field(max_length=5000)
    organization: Code | None = None


class ResolveIn(_In):
    """The decision on an objection."""

    outcome: Code = Field(description="dismiss or uphold")
    resolution: str = Field(max_length=5000)


class ObjectionOut(Schema):
    """An objection."""

    id: int
    listing: int
    organization: str | None
    reason: str
    state: str
    resolution: str
    created: dt.datetime


class BidIn(_In):
    """A bid (auction) or proposal (tender) on behalf of an organization."""

    bidder: Code
    amount_fen: Fen
    proposal: str = Field(default="", max_length=10_000)


class BidOut(Schema):
    """A bid."""

    id: int
    listing: int
    bidder: str
    amount_fen: int
    proposal: str
    placed_at: dt.datetime


class InquiryIn(_In):
    """A buyer's inquiry."""

    buyer: Code
    message: str = Field(default="", max_length=5000)
    broker: Code | None = None


class TransitionIn(_In):
    """Inputs of a deal transition; only those the transition uses are read."""

    contract_type: Code | None = None
    price_fen: Fen | None = None
    terms: str | None = Field(default=None, max_length=20_000)
    technology_field: str | None = Field(default=None, max_length=100)
    note: str = Field(default="", max_length=2000)


class BrokerIn(_In):
    """The broker (a service agency's code) to name on a deal, or null to remove it."""

    broker: str | None = None


class MilestoneIn(_In):
    """A payment milestone."""

    title: str = Field(max_length=200)
    amount_fen: PositiveFen
    due_on: dt.date | None = None


class MilestoneOut(Schema):
    """A payment milestone and, once paid, its split among co-owners."""

    id: int
    deal: int
    seq: int
    title: str
    amount_fen: int
    due_on: dt.date | None
    state: str
    paid_at: dt.datetime | None
    payment_key: str
    splits: list[dict[str, Any]]


class DealOut(Schema):
    """A deal: one buyer's path from inquiry to a registered, paid contract."""

    id: int
    listing: int
    seller: str
    buyer: str
    broker: str | None
    state: str
    allowed: list[str]
    message: str
    contract_type: str
    price_fen: int | None
    terms: str
    contract_no: str
    seller_signed_at: dt.datetime | None
    buyer_signed_at: dt.datetime | None
    signed_at: dt.datetime | None
    technology_field: str
    registration_no: str
    registered_at: dt.datetime | None
    milestones: list[MilestoneOut]


class DealPage(Schema):
    """A page of deals."""

    count: int
    items: list[DealOut]


class HistoryOut(Schema):
    """One audited step."""

    at: dt.datetime
    actor: str
    action: str
    object: str
    changes: dict[str, Any]


class IncomeIn(_In):
    """Relief-from-royalty inputs."""

    revenues: list[float] = Field(min_length=1, max_length=50)
    royalty_rate: float
    tax_rate: float
    discount_rate: float
    useful_life: int | None = None
    terminal_growth: float = 0.0


class CostIn(_In):
    """Cost-approach inputs."""

    reproduction_cost: float
    developer_profit_rate: float = 0.0
    physical_obsolescence: float = 0.0
    functional_obsolescence: float = 0.0
    economic_obsolescence: float = 0.0
    remaining_life: float | None = None
    total_life: float | None = None


class ComparableIn(_In):
    """A comparable transaction."""

    name: str = ""
    price: float
    metric: float
    adjustments: dict[str, float] = Field(default_factory=dict)


class ComparablesIn(_In):
    """Market-approach inputs."""

    subject_metric: float
    metric_name: str = "revenue"
    comparables: list[ComparableIn] = Field(max_length=200)


class ValuationOut(Schema):
    """A value with its method, assumptions and working."""

    method: str
    value: float
    currency: str
    assumptions: dict[str, Any]
    working: list[dict[str, Any]]
    notes: list[str]


class FlowOut(Schema):
    """Registered technology contracts from one province's sellers to another's buyers."""

    seller_province: str
    buyer_province: str
    contracts: int
    amount_fen: int
