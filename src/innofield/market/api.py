"""REST endpoints of the technology market under ``/api/market/``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import ValidationFailed

from . import actions, machine, parties, present, queries, registration
from .api_valuation import router as valuation_router
from .api_xborder import router as xborder_router
from .schemas import (
    BidIn,
    BidOut,
    BrokerIn,
    CloseBiddingIn,
    DealOut,
    DealPage,
    FlowOut,
    HistoryOut,
    InquiryIn,
    ListingIn,
    ListingOut,
    ListingPage,
    MilestoneIn,
    MilestoneOut,
    ObjectionIn,
    ObjectionOut,
    OpenBiddingIn,
    ReasonIn,
    ResolveIn,
    TransitionIn,
)

router = Router(tags=["market"])
router.add_router("", valuation_router)
router.add_router("", xborder_router)
AUTH = BearerAuth()
DEAL_TRANSITIONS = tuple(t for t in machine.DEAL_PARTIES if t in machine.transitions("deal"))


def _page(items: Any, limit: int, offset: int, show: Any) -> dict[str, Any]:
    page = paginate(items, limit, offset)
    return {"count": page["count"], "items": [show(x) for x in page["items"]]}


@router.get("/market/listings", response={200: ListingPage, 422: ErrorOut})
def list_listings(
    request: HttpRequest,
    page: Query[Page],
    state: str | None = None,
    mode: str | None = None,
    seller: str | None = None,
    text: str | None = None,
) -> Any:
    """Listings you may see, filtered by state, trade mode, seller code and words."""
    qs = queries.listings(actor_of(request), state=state, mode=mode, seller=seller, text=text)
    return _page(qs, page.limit, page.offset, present.listing)


@router.post("/market/listings", response={201: ListingOut, **ERRORS}, auth=AUTH)
def create_listing(request: HttpRequest, payload: ListingIn) -> Any:
    """Draft a listing of a technology item of yours, with co-owners and a trade mode."""
    data = payload.model_dump(exclude_none=True)
    return Status(201, present.listing(actions.create_listing(actor=actor_of(request), data=data)))


@router.get("/market/listings/{listing_id}", response={200: ListingOut, 404: ErrorOut})
def get_listing(request: HttpRequest, listing_id: int) -> Any:
    """One listing."""
    return present.listing(queries.listing(actor_of(request), listing_id))


@router.get(
    "/market/listings/{listing_id}/history", response={200: list[HistoryOut], 404: ErrorOut}
)
def listing_history(request: HttpRequest, listing_id: int) -> Any:
    """The audited steps of the listing, its objections and public bids, and of those of its
    deals and milestones you may see; usernames only for the listing's parties."""
    actor = actor_of(request)
    listing = queries.listing(actor, listing_id)
    names = parties.takes_part(actor, listing)
    return [present.step(r, show_actor=names) for r in queries.history(listing, actor)]


def _listing_step(request: HttpRequest, listing_id: int, name: str, **kw: Any) -> Any:
    fn = getattr(actions, name)
    return present.listing(fn(actor=actor_of(request), listing_id=listing_id, **kw))


@router.post(
    "/market/listings/{listing_id}/publish", response={200: ListingOut, **ERRORS}, auth=AUTH
)
def publish(request: HttpRequest, listing_id: int) -> Any:
    """Publish a draft listing; its public-notice period starts."""
    return _listing_step(request, listing_id, "publish_listing")


@router.post(
    "/market/listings/{listing_id}/withdraw", response={200: ListingOut, **ERRORS}, auth=AUTH
)
def withdraw(request: HttpRequest, listing_id: int, payload: ReasonIn) -> Any:
    """Take a listing off the market."""
    return _listing_step(request, listing_id, "withdraw_listing", reason=payload.reason)


@router.post(
    "/market/listings/{listing_id}/relist", response={200: ListingOut, **ERRORS}, auth=AUTH
)
def relist(request: HttpRequest, listing_id: int) -> Any:
    """Put an unsold listing back on the market."""
    return _listing_step(request, listing_id, "relist")


@router.post(
    "/market/listings/{listing_id}/open-bidding", response={200: ListingOut, **ERRORS}, auth=AUTH
)
def open_bidding(request: HttpRequest, listing_id: int, payload: OpenBiddingIn) -> Any:
    """Open an auction or tender for bids."""
    return _listing_step(request, listing_id, "open_bidding", ends_at=payload.ends_at)


@router.post(
    "/market/listings/{listing_id}/close-bidding", response={200: ListingOut, **ERRORS}, auth=AUTH
)
def close_bidding(request: HttpRequest, listing_id: int, payload: CloseBiddingIn) -> Any:
    """Close bidding: the auction's winner (or unsold), or the tender's chosen bid."""
    return _listing_step(
        request,
        listing_id,
        "close_bidding",
        winner_bid_id=payload.winner_bid_id,
        reason=payload.reason,
    )


@router.get("/market/listings/{listing_id}/bids", response={200: list[BidOut], 404: ErrorOut})
def list_bids(request: HttpRequest, listing_id: int) -> Any:
    """Bids you may see (sealed bids stay hidden from others until the close)."""
    actor = actor_of(request)
    return [present.bid(b) for b in queries.bids(actor, queries.listing(actor, listing_id))]


@router.post("/market/listings/{listing_id}/bids", response={201: BidOut, **ERRORS}, auth=AUTH)
def place_bid(request: HttpRequest, listing_id: int, payload: BidIn) -> Any:
    """Bid on behalf of one of your organizations."""
    bid = actions.place_bid(
        actor=actor_of(request),
        listing_id=listing_id,
        bidder_code=payload.bidder,
        amount_fen=payload.amount_fen,
        proposal=payload.proposal,
    )
    return Status(201, present.bid(bid))


@router.get(
    "/market/listings/{listing_id}/objections", response={200: list[ObjectionOut], 404: ErrorOut}
)
def list_objections(request: HttpRequest, listing_id: int) -> Any:
    """Objections recorded against a listing."""
    listing = queries.listing(actor_of(request), listing_id)
    return [present.objection(o) for o in listing.objections.select_related("organization")]


@router.post(
    "/market/listings/{listing_id}/objections", response={201: ObjectionOut, **ERRORS}, auth=AUTH
)
def raise_objection(request: HttpRequest, listing_id: int, payload: ObjectionIn) -> Any:
    """Object to a listing during its public-notice period."""
    obj = actions.raise_objection(
        actor=actor_of(request),
        listing_id=listing_id,
        reason=payload.reason,
        organization_code=payload.organization,
    )
    return Status(201, present.objection(obj))


@router.post(
    "/market/objections/{objection_id}/resolve", response={200: ObjectionOut, **ERRORS}, auth=AUTH
)
def resolve_objection(request: HttpRequest, objection_id: int, payload: ResolveIn) -> Any:
    """Dismiss or uphold an objection (broker or platform admin)."""
    obj = actions.resolve_objection(
        actor=actor_of(request),
        objection_id=objection_id,
        outcome=payload.outcome,
        resolution=payload.resolution,
    )
    return present.objection(obj)


@router.post(
    "/market/listings/{listing_id}/inquiries", response={201: DealOut, **ERRORS}, auth=AUTH
)
def inquire(request: HttpRequest, listing_id: int, payload: InquiryIn) -> Any:
    """Inquire about a listing on behalf of one of your organizations; starts a deal."""
    deal = actions.make_inquiry(
        actor=actor_of(request),
        listing_id=listing_id,
        buyer_code=payload.buyer,
        message=payload.message,
        broker_code=payload.broker,
    )
    return Status(201, present.deal(deal))


@router.get("/market/deals", response={200: DealPage, 422: ErrorOut})
def list_deals(
    request: HttpRequest, page: Query[Page], role: str | None = None, state: str | None = None
) -> Any:
    """Deals you take part in, as seller, buyer or broker."""
    return _page(
        queries.deals(actor_of(request), role=role, state=state),
        page.limit,
        page.offset,
        present.deal,
    )


@router.get("/market/deals/{deal_id}", response={200: DealOut, 404: ErrorOut})
def get_deal(request: HttpRequest, deal_id: int) -> Any:
    """One deal."""
    return present.deal(queries.deal(actor_of(request), deal_id))


@router.post(
    "/market/deals/{deal_id}/milestones", response={201: MilestoneOut, **ERRORS}, auth=AUTH
)
def plan_milestone(request: HttpRequest, deal_id: int, payload: MilestoneIn) -> Any:
    """Plan a payment milestone of a contract."""
    ms = actions.plan_milestone(
        actor=actor_of(request),
        deal_id=deal_id,
        title=payload.title,
        amount_fen=payload.amount_fen,
        due_on=payload.due_on,
    )
    return Status(201, present.milestone(ms))


@router.post(
    "/market/milestones/{milestone_id}/{transition}",
    response={200: MilestoneOut, **ERRORS},
    auth=AUTH,
)
def milestone_transition(
    request: HttpRequest, milestone_id: int, transition: str, payload: ReasonIn
) -> Any:
    """``fall_due``, ``pay`` (money moves on the ledger, split among co-owners) or ``cancel``."""
    ms = actions.transition_milestone(
        actor=actor_of(request),
        milestone_id=milestone_id,
        transition=transition.replace("-", "_"),
        note=payload.reason,
    )
    return present.milestone(ms)


@router.get("/market/registrations.csv", response={200: None})
def registrations_csv(request: HttpRequest) -> HttpResponse:
    """Registration data of registered contracts you may see, as CSV for the registration office."""
    text = registration.to_csv(queries.registration_rows(actor_of(request)))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="technology-contracts.csv"'
    return response


@router.post("/market/deals/{deal_id}/broker", response={200: DealOut, **ERRORS}, auth=AUTH)
def name_broker(request: HttpRequest, deal_id: int, payload: BrokerIn) -> Any:
    """Name a broker as intermediary on a deal (seller or buyer)."""
    deal = actions.name_broker(actor=actor_of(request), deal_id=deal_id, broker_code=payload.broker)
    return present.deal(deal)


@router.get("/market/flows", response={200: list[FlowOut]})
def contract_flows(request: HttpRequest) -> Any:
    """Registered contracts you may see, by seller province → buyer province (count, turnover)."""
    return registration.flows(queries.registration_rows(actor_of(request)))


# Declared last: the generic ``{transition}`` must not shadow ``/milestones`` above.
@router.post("/market/deals/{deal_id}/{transition}", response={200: DealOut, **ERRORS}, auth=AUTH)
def deal_transition(
    request: HttpRequest, deal_id: int, transition: str, payload: TransitionIn
) -> Any:
    """Fire a deal transition: negotiate, decline, withdraw, agree, reopen, sign, register,
    complete or terminate."""
    if transition not in DEAL_TRANSITIONS:
        raise ValidationFailed.single("transition", f"must be one of {', '.join(DEAL_TRANSITIONS)}")
    deal = actions.transition_deal(
        actor=actor_of(request),
        deal_id=deal_id,
        transition=transition,
        data=payload.model_dump(exclude_none=True),
    )
    return present.deal(deal)
